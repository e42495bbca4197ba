export {
  describeAction,
  DryRunRecorder,
  JiraActionRunner,
  type ActionRunner,
  type PerformedAction,
} from './action-runner.ts';
