export {
  noAction,
  transitionTo,
  type Action,
  type TransitionChoice,
  type Decision,
  type RuleDecision,
  type RuleName,
} from './actions.ts';
export type { CustomerCode, DecisionCode, ReadCommentsCode, ReasonCode } from './reason-codes.ts';
export { screenDelivery, type ScreenInput } from './screen.ts';
export { decideOnComment, type CommentContext, type NewComment } from './comment-rules.ts';
export {
  needsGroups,
  needsRequestMembers,
  whoIsCustomer,
  type CustomerContext,
  type RequestMembers,
  type CustomerVerdict,
} from './customer.ts';
export {
  decideValidation,
  VALIDATION_PROPERTY,
  reminderSentAtMs,
  validationWindow,
  type JudgedComment,
  type SweepContext,
  type SweepContextWithComments,
  type SweepDecision,
  type SweepRule,
  type SweepVerdict,
  type ValidationWindow,
} from './sweep-rules.ts';
export { decidePending } from './pending-rules.ts';
export {
  decideClosed,
  decideCommentOnClosed,
  serviceCloseOf,
  type ServiceClose,
} from './closed-rules.ts';
export {
  laterCopiesInCycle,
  MARKER_PROPERTY,
  markedCopies,
  markerInProperties,
  markerOf,
  markerProperty,
  postedBefore,
  sameMarker,
  type Marker,
  type MarkerKind,
} from './markers.ts';
