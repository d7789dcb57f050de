// REST v3 paths the connector calls, in one place: the contract suite checks each against the spec.

const issue = (idOrKey: string) => `/rest/api/3/issue/${encodeURIComponent(idOrKey)}`;

export const JiraPaths = {
  myself: '/rest/api/3/myself',
  project: (key: string) => `/rest/api/3/project/${encodeURIComponent(key)}`,
  createIssue: '/rest/api/3/issue',
  issue,
  transitions: (idOrKey: string) => `${issue(idOrKey)}/transitions`,
  comments: (idOrKey: string) => `${issue(idOrKey)}/comment`,
  commentProperty: (commentId: string, key: string) =>
    `/rest/api/3/comment/${encodeURIComponent(commentId)}/properties/${encodeURIComponent(key)}`,
  /** The enhanced search (cursor paging). `GET/POST /rest/api/3/search` is deprecated. */
  searchJql: '/rest/api/3/search/jql',
  userSearch: '/rest/api/3/user/search',
} as const;
