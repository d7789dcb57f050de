/**
 * The banner logged when the in-process bus runs. Multi-line on purpose: an operator skimming the
 * start-up output must not miss that a restart loses every event in flight.
 */
export function durabilityWarning(reason: string): string {
  return [
    '',
    '==================== DURABILITY IS OFF ====================',
    `Switchboard runs on the in-process bus: ${reason}.`,
    'Events and commands live in this process only: everything in flight is LOST on restart',
    'or crash, and separate apps (connector-runtime, orchestrator, admin-api) cannot share it.',
    'To fix: set NATS_URL to a NATS server with JetStream, or install nats-server',
    '(e.g. `apt-get install nats-server`) so Switchboard starts one itself.',
    'Set SWITCHBOARD_BUS=nats to make a missing NATS a start error instead.',
    '===========================================================',
  ].join('\n');
}

/** Short form for `/readyz`. */
export function durabilityOffDetail(reason: string): string {
  return `durability off: in-process bus, events are lost on restart (${reason})`;
}
