export {
  describeAction,
  DryRunRecorder,
  JiraActionRunner,
  type ActionJira,
  type ActionRunner,
  type PerformedAction,
} from './action-runner.ts';
