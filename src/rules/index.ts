export { noAction, type Action, type Decision, type RuleName } from './actions.ts';
export { screenDelivery, type ScreenInput } from './screen.ts';
export {
  decideOnComment,
  enteredCurrentStatus,
  type CommentContext,
  type NewComment,
} from './comment-rules.ts';
export {
  needsGroups,
  whoIsCustomer,
  type CustomerContext,
  type CustomerVerdict,
} from './customer.ts';
export {
  decidePending,
  decideValidation,
  MARKER_PROPERTY,
  markerOf,
  VALIDATION_PROPERTY,
  validationWindow,
  type JudgedComment,
  type Marker,
  type SweepContext,
  type SweepVerdict,
  type ValidationWindow,
} from './sweep-rules.ts';
