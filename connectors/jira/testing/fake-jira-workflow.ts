// The workflow of the fake Jira: statuses and the transitions between them, as Jira's
// `GET …/transitions` offers them from each status.

export interface FakeStatus {
  id: string;
  name: string;
  category: 'new' | 'indeterminate' | 'done';
}

export interface FakeTransition {
  id: string;
  name: string;
  from: readonly string[];
  to: string;
  /** A transition screen requiring a resolution (`fields.resolution.required`). */
  requiresResolution?: boolean;
}

export interface FakeWorkflow {
  statuses: readonly FakeStatus[];
  transitions: readonly FakeTransition[];
  initial: string;
}

const CATEGORY_IDS = { new: 2, done: 3, indeterminate: 4 } as const;
const CATEGORY_NAMES = { new: 'To Do', indeterminate: 'In Progress', done: 'Done' } as const;

/**
 * A review workflow where Done is two steps from To Do: To Do → In Progress → In Review → Done,
 * with Won't Do from anywhere (a global transition), Waiting for customer beside In Progress, and
 * Reopen from Done. Done's screen requires a resolution.
 */
export const REVIEW_WORKFLOW: FakeWorkflow = {
  statuses: [
    { id: '10000', name: 'To Do', category: 'new' },
    { id: '3', name: 'In Progress', category: 'indeterminate' },
    { id: '10001', name: 'In Review', category: 'indeterminate' },
    { id: '10002', name: 'Waiting for customer', category: 'indeterminate' },
    { id: '10003', name: 'Done', category: 'done' },
    { id: '10004', name: "Won't Do", category: 'done' },
  ],
  transitions: [
    { id: '11', name: 'Start progress', from: ['10000'], to: '3' },
    { id: '21', name: 'Request review', from: ['3'], to: '10001' },
    { id: '31', name: 'Approve', from: ['10001'], to: '10003', requiresResolution: true },
    { id: '41', name: 'Back to work', from: ['10001', '10002'], to: '3' },
    { id: '51', name: 'Wait for customer', from: ['3'], to: '10002' },
    { id: '61', name: 'Reopen', from: ['10003', '10004'], to: '10000' },
    { id: '71', name: "Won't do", from: ['10000', '3', '10001', '10002'], to: '10004' },
  ],
  initial: '10000',
};

/** A status as Jira's REST API writes it. */
export function statusJson(status: FakeStatus, site: string): Record<string, unknown> {
  return {
    self: `${site}/rest/api/3/status/${status.id}`,
    id: status.id,
    name: status.name,
    description: '',
    iconUrl: `${site}/images/icons/statuses/generic.png`,
    statusCategory: {
      self: `${site}/rest/api/3/statuscategory/${CATEGORY_IDS[status.category]}`,
      id: CATEGORY_IDS[status.category],
      key: status.category,
      colorName: status.category === 'done' ? 'green' : status.category === 'new' ? 'blue-gray' : 'yellow',
      name: CATEGORY_NAMES[status.category],
    },
  };
}

/** Jira's category id (JQL `statusCategory in (2, 4)`). */
export function categoryId(status: FakeStatus): number {
  return CATEGORY_IDS[status.category];
}
