// The parts of Alertmanager's API v2 (0.25) the connector reads. Timestamps are RFC 3339 with
// milliseconds. Shapes checked against the captures in fixtures/api/.

/** `GET /api/v2/alerts` item. */
export interface GettableAlert {
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  /** For an active alert: when it times out unless re-sent (startsAt + resolve_timeout), not an end. */
  endsAt: string;
  /** When Alertmanager last received the alert from its sender: the poll cursor. */
  updatedAt: string;
  generatorURL?: string;
  receivers: { name: string }[];
  status: { state: 'active' | 'suppressed' | 'unprocessed'; silencedBy: string[]; inhibitedBy: string[] };
}

/** A matcher of a silence. `isEqual: false` negates it (`!=`, `!~`). */
export interface SilenceMatcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual?: boolean;
}

/** `GET /api/v2/silences` item and `GET /api/v2/silence/{id}`. */
export interface GettableSilence {
  id: string;
  matchers: SilenceMatcher[];
  startsAt: string;
  endsAt: string;
  updatedAt: string;
  createdBy: string;
  comment: string;
  status: { state: SilenceState };
}

export type SilenceState = 'active' | 'pending' | 'expired';

/** `POST /api/v2/silences` body. */
export interface PostableSilence {
  matchers: SilenceMatcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

/** `GET /api/v2/status`. */
export interface AlertmanagerStatus {
  cluster: { status: 'ready' | 'settling' | 'disabled'; name?: string; peers?: unknown[] };
  versionInfo: { version: string; revision?: string; branch?: string; goVersion?: string };
  uptime: string;
  config?: { original?: string };
}
