/**
 * Stable, machine-readable reasons for the rules' answers. The `reason` text beside each code is
 * for people (logs, sweep reports) and may be reworded; tests and any code that branches on why a
 * rule answered as it did use the code.
 */

/** Why a comment's author is, or is not, the customer (whoIsCustomer). */
export type CustomerCode =
  | 'no-author'
  | 'own-account'
  | 'never-account'
  | 'analyst-group'
  | 'unlisted-email-sender'
  | 'customer-account'
  | 'reporter'
  | 'listed-account'
  | 'customer-group'
  | 'participant'
  | 'organization-member'
  | 'not-listed';

/**
 * Why a rule decided what it did (decideOnComment, decideValidation, decidePending,
 * decideCommentOnClosed, decideClosed).
 */
export type DecisionCode =
  // a comment, as the webhook reports it
  | 'internal-comment'
  | 'not-customer'
  | 'status-not-handled'
  | 'before-current-status'
  | 'customer-replied'
  | 'customer-rejected'
  // the sweep, on an issue in validation
  | 'left-validation'
  | 'entry-not-in-history'
  | 'missed-rejection'
  | 'deadline-passed'
  | 'closing-comment-posted'
  | 'reminder-due'
  | 'reminder-already-sent'
  | 'not-due'
  // the sweep, on a pending issue
  | 'left-pending'
  | 'quiet-since-pending'
  | 'no-customer-comment'
  | 'missed-reply'
  // a customer comment made during validation, found once the service had closed the issue
  // (a late webhook, or the catch-up sweep)
  | 'left-closed'
  | 'not-closed-by-service'
  | 'closed-from-other-status'
  | 'close-before-lookback'
  | 'before-validation'
  | 'comment-after-close'
  | 'no-rejection-before-close'
  | 'rejected-before-close';

/** Why the sweep must read an issue's comments before it can decide. */
export type ReadCommentsCode = 'due' | 'reminder-due' | 'updated-since' | 'closed-by-service';

export type ReasonCode = CustomerCode | DecisionCode | ReadCommentsCode;
