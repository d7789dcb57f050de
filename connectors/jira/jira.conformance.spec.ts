import { runConnectorConformance } from '@switchboard/connector-testkit';
import { jiraConformance } from './testing/jira-conformance';
import { startTestJira } from './testing/jira-testing';

// The kit against the fake Jira (every request checked against Atlassian's spec when present).
runConnectorConformance(jiraConformance(() => startTestJira()));
