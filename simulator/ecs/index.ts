/**
 * The ECS actions the simulator answers, by `X-Amz-Target` action name.
 */
import type { Handlers } from '../router.ts';
import {
  createCluster,
  describeClusters,
  listClusters,
  listTagsForResource,
  tagResource,
  untagResource,
} from './clusters.ts';
import { getTaskProtection, updateTaskProtection } from './protection.ts';
import { createService, describeServices, listServices, updateService } from './services.ts';
import {
  deleteTaskDefinitions,
  listTaskDefinitionFamilies,
  listTaskDefinitions,
} from './task-definition-lists.ts';
import {
  deregisterTaskDefinition,
  describeTaskDefinition,
  registerTaskDefinition,
} from './task-definitions.ts';
import { describeTasks, listTasks, runTask, stopTask } from './tasks.ts';

/** ECS handlers (JSON 1.1, target prefix `AmazonEC2ContainerServiceV20141113`). */
export const ecsHandlers: Handlers = {
  CreateCluster: createCluster,
  ListClusters: listClusters,
  DescribeClusters: describeClusters,
  RegisterTaskDefinition: registerTaskDefinition,
  DescribeTaskDefinition: describeTaskDefinition,
  DeregisterTaskDefinition: deregisterTaskDefinition,
  ListTaskDefinitions: listTaskDefinitions,
  ListTaskDefinitionFamilies: listTaskDefinitionFamilies,
  DeleteTaskDefinitions: deleteTaskDefinitions,
  CreateService: createService,
  ListServices: listServices,
  DescribeServices: describeServices,
  UpdateService: updateService,
  RunTask: runTask,
  StopTask: stopTask,
  ListTasks: listTasks,
  DescribeTasks: describeTasks,
  GetTaskProtection: getTaskProtection,
  UpdateTaskProtection: updateTaskProtection,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
};
