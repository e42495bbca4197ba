/**
 * full: the nightly run over everything in the validation and pending statuses, closing and
 * reminding; catch-up: the light run over recently updated issues, repairing missed replies only
 * (and reopening an issue the service closed although the customer had just commented on it).
 */
export type SweepMode = 'full' | 'catch-up';
