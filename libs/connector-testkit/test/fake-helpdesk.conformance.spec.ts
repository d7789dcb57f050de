import { runConnectorConformance } from '@switchboard/connector-testkit';
import { helpdeskConformance } from './fake-helpdesk/fake-helpdesk.options';

// A connector with a webhook, a poll, pagination and a create: every check of the kit applies.
runConnectorConformance(helpdeskConformance());
