// Kind → kubernetes-models class, for every kind the chart may render. A kind missing here
// fails the validation test: add the class when the chart gains a kind.
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';

interface Validatable {
  validate(): void;
}
type ModelClass = new (data: never) => Validatable;

const classes: ModelClass[] = [
  ConfigMap,
  CronJob,
  Deployment,
  HorizontalPodAutoscaler,
  Ingress,
  Job,
  NetworkPolicy,
  PersistentVolumeClaim,
  PodDisruptionBudget,
  PrometheusRule,
  Role,
  RoleBinding,
  Secret,
  Service,
  ServiceAccount,
  ServiceMonitor,
];

/** "apps/v1 Deployment" → its class (the apiVersion is part of the key: v1 and v2 differ). */
export const MODELS = new Map<string, ModelClass>(
  classes.map((c) => {
    const { apiVersion, kind } = c as unknown as { apiVersion: string; kind: string };
    return [`${apiVersion} ${kind}`, c];
  }),
);

/** Throws when the object's kind is unknown or it fails the schema of its kind. */
export function validateObject(obj: { apiVersion: string; kind: string }): void {
  const key = `${obj.apiVersion} ${obj.kind}`;
  const Model = MODELS.get(key);
  if (!Model) throw new Error(`no kubernetes-models class registered for ${key} (test/chart/models.ts)`);
  new Model(obj as never).validate();
}
