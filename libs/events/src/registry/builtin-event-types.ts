import { AlertData } from '../schemas/alert.schema';
import { ChangeRequestData } from '../schemas/change-request.schema';
import { CloudResourceData } from '../schemas/cloud-resource.schema';
import { CommentData } from '../schemas/comment.schema';
import { CiRelationshipData, ConfigurationItemData } from '../schemas/configuration-item.schema';
import { GroupData } from '../schemas/group.schema';
import { OutcomeData } from '../schemas/outcome.schema';
import { RemediationCommandData, RemediationData } from '../schemas/remediation.schema';
import { TicketData, TicketUpdatedData } from '../schemas/ticket.schema';
import { UserData } from '../schemas/user.schema';
import { type DataClass, registerEventType } from './event-type.registry';

/**
 * The built-in event types by name, e.g. `EventType.AlertTriggered` =
 * `'io.switchboard.ops.alert.triggered.v1'`. Commands end in `Command` (`EventType.ResourceRestartCommand`).
 */
export const EventType = {
  AlertTriggered: 'io.switchboard.ops.alert.triggered.v1',
  AlertUpdated: 'io.switchboard.ops.alert.updated.v1',
  AlertAcknowledged: 'io.switchboard.ops.alert.acknowledged.v1',
  AlertResolved: 'io.switchboard.ops.alert.resolved.v1',
  AlertSuppressed: 'io.switchboard.ops.alert.suppressed.v1',
  TicketCreated: 'io.switchboard.itsm.ticket.created.v1',
  TicketUpdated: 'io.switchboard.itsm.ticket.updated.v1',
  TicketLinked: 'io.switchboard.itsm.ticket.linked.v1',
  TicketUnlinked: 'io.switchboard.itsm.ticket.unlinked.v1',
  TicketDeleted: 'io.switchboard.itsm.ticket.deleted.v1',
  CommentAdded: 'io.switchboard.itsm.comment.added.v1',
  CommentEdited: 'io.switchboard.itsm.comment.edited.v1',
  CommentDeleted: 'io.switchboard.itsm.comment.deleted.v1',
  CiUpserted: 'io.switchboard.cmdb.ci.upserted.v1',
  CiRetired: 'io.switchboard.cmdb.ci.retired.v1',
  CiRelationshipUpserted: 'io.switchboard.cmdb.relationship.upserted.v1',
  CiRelationshipDeleted: 'io.switchboard.cmdb.relationship.deleted.v1',
  UserUpserted: 'io.switchboard.iam.user.upserted.v1',
  UserDeactivated: 'io.switchboard.iam.user.deactivated.v1',
  GroupUpserted: 'io.switchboard.iam.group.upserted.v1',
  GroupDeleted: 'io.switchboard.iam.group.deleted.v1',
  GroupMembershipChanged: 'io.switchboard.iam.group.membership_changed.v1',
  CloudResourceObserved: 'io.switchboard.cloud.resource.observed.v1',
  CloudResourceChanged: 'io.switchboard.cloud.resource.changed.v1',
  CloudResourceDeleted: 'io.switchboard.cloud.resource.deleted.v1',
  ChangeCreated: 'io.switchboard.itsm.change.created.v1',
  ChangeUpdated: 'io.switchboard.itsm.change.updated.v1',
  ChangeApproved: 'io.switchboard.itsm.change.approved.v1',
  ChangeRejected: 'io.switchboard.itsm.change.rejected.v1',
  ChangeImplemented: 'io.switchboard.itsm.change.implemented.v1',
  ChangeClosed: 'io.switchboard.itsm.change.closed.v1',
  RemediationRequested: 'io.switchboard.ops.remediation.requested.v1',
  RemediationStarted: 'io.switchboard.ops.remediation.started.v1',
  RemediationSucceeded: 'io.switchboard.ops.remediation.succeeded.v1',
  RemediationFailed: 'io.switchboard.ops.remediation.failed.v1',
  RemediationCompensated: 'io.switchboard.ops.remediation.compensated.v1',
  OutcomeRecorded: 'io.switchboard.orch.outcome.recorded.v1',
  ResourceRestartCommand: 'io.switchboard.cmd.resource.restart.v1',
  ResourceStartCommand: 'io.switchboard.cmd.resource.start.v1',
  ResourceStopCommand: 'io.switchboard.cmd.resource.stop.v1',
} as const;

/** One of the built-in event type names. */
export type BuiltinEventType = (typeof EventType)[keyof typeof EventType];

const BUILTIN_DATA_CLASSES: Record<keyof typeof EventType, DataClass> = {
  AlertTriggered: AlertData,
  AlertUpdated: AlertData,
  AlertAcknowledged: AlertData,
  AlertResolved: AlertData,
  AlertSuppressed: AlertData,
  TicketCreated: TicketData,
  TicketUpdated: TicketUpdatedData,
  TicketLinked: TicketData,
  TicketUnlinked: TicketData,
  TicketDeleted: TicketData,
  CommentAdded: CommentData,
  CommentEdited: CommentData,
  CommentDeleted: CommentData,
  CiUpserted: ConfigurationItemData,
  CiRetired: ConfigurationItemData,
  CiRelationshipUpserted: CiRelationshipData,
  CiRelationshipDeleted: CiRelationshipData,
  UserUpserted: UserData,
  UserDeactivated: UserData,
  GroupUpserted: GroupData,
  GroupDeleted: GroupData,
  GroupMembershipChanged: GroupData,
  CloudResourceObserved: CloudResourceData,
  CloudResourceChanged: CloudResourceData,
  CloudResourceDeleted: CloudResourceData,
  ChangeCreated: ChangeRequestData,
  ChangeUpdated: ChangeRequestData,
  ChangeApproved: ChangeRequestData,
  ChangeRejected: ChangeRequestData,
  ChangeImplemented: ChangeRequestData,
  ChangeClosed: ChangeRequestData,
  RemediationRequested: RemediationData,
  RemediationStarted: RemediationData,
  RemediationSucceeded: RemediationData,
  RemediationFailed: RemediationData,
  RemediationCompensated: RemediationData,
  OutcomeRecorded: OutcomeData,
  ResourceRestartCommand: RemediationCommandData,
  ResourceStartCommand: RemediationCommandData,
  ResourceStopCommand: RemediationCommandData,
};

for (const [name, dataClass] of Object.entries(BUILTIN_DATA_CLASSES)) {
  registerEventType({ type: EventType[name as keyof typeof EventType], dataClass });
}
