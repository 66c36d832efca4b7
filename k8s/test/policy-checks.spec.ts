import { IDeployment } from 'kubernetes-models/apps/v1';
import { IJob } from 'kubernetes-models/batch/v1';
import { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { IContainer, IService } from 'kubernetes-models/v1';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appFile, BASE_DIR, SECRET_TEMPLATE_FILE, baseConfigMap } from './app-catalog';
import { loadManifestFile, parseManifests } from './manifest-loader';
import { K8sObject } from './manifest.types';
import { keyCatalog } from './reference-policy';
import { checkManifestSet, formatFindings } from './system-policy';

// Each test breaks one thing in an otherwise valid set (the polygon-ingestor file,
// its ConfigMap, the migration Job) and expects the checkers to name that thing.
const secretKeys = keyCatalog(loadManifestFile(SECRET_TEMPLATE_FILE), 'Secret');

function validSet(): K8sObject[] {
  return [
    ...loadManifestFile(appFile('polygon-ingestor')),
    ...baseConfigMap(),
    ...loadManifestFile(join(BASE_DIR, 'migrate-job.yaml')),
  ];
}
const of = <T>(objects: K8sObject[], kind: string): T => objects.find((o) => o.kind === kind) as unknown as T;
const containerOf = (objects: K8sObject[]): IContainer =>
  of<IDeployment>(objects, 'Deployment').spec?.template.spec?.containers[0] as IContainer;
const problems = (objects: K8sObject[]): string[] => formatFindings(checkManifestSet(objects, secretKeys));

describe('policy checkers report broken manifests', () => {
  it('accept the unbroken set (so every failure below is caused by its one change)', () => {
    expect(problems(validSet())).toEqual([]);
  });

  it.each([
    ['ghcr.io/mdi/polygon-ingestor:latest', 'uses :latest'],
    ['ghcr.io/mdi/polygon-ingestor', 'has no tag (means latest)'],
    ['registry.local:5000/mdi/polygon-ingestor', 'has no tag (means latest)'],
    ['', 'has no image'],
  ])('image %p', (image, problem) => {
    const set = validSet();
    containerOf(set).image = image;
    expect(problems(set)).toEqual([expect.stringContaining(problem)]);
  });

  it('accepts an image pinned by digest', () => {
    const set = validSet();
    containerOf(set).image = `ghcr.io/mdi/polygon-ingestor@sha256:${'a'.repeat(64)}`;
    expect(problems(set)).toEqual([]);
  });

  it('a missing readiness probe', () => {
    const set = validSet();
    delete containerOf(set).readinessProbe;
    expect(problems(set)).toEqual(['Deployment/polygon-ingestor: container polygon-ingestor has no readinessProbe']);
  });

  it('readiness reusing the liveness endpoint', () => {
    const set = validSet();
    const c = containerOf(set);
    if (c.readinessProbe?.httpGet) c.readinessProbe.httpGet.path = '/health/live';
    expect(problems(set)).toEqual([
      expect.stringContaining('readinessProbe checks /health/live, expected /health/ready'),
    ]);
  });

  it('a probe on a port the app does not listen on, and a missing startup probe', () => {
    const set = validSet();
    const c = containerOf(set);
    if (c.livenessProbe?.httpGet) c.livenessProbe.httpGet.port = 8080;
    delete c.startupProbe;
    expect(problems(set)).toEqual([
      expect.stringContaining('livenessProbe port 8080 is not the http port'),
      expect.stringContaining('has no startupProbe'),
    ]);
  });

  it.each([
    ['POLYGON_API_KEY', 'pk_live_123'],
    ['GATEWAY_ADMIN_TOKEN', 's3cret'],
    ['DATABASE_URL', 'postgres://mdi:hunter2@postgres:5432/mdi'],
    ['SOME_UPSTREAM', 'https://user:pw@example.test/'],
  ])('an inline credential %s', (name, value) => {
    const set = validSet();
    const c = containerOf(set);
    c.env = [...(c.env ?? []).filter((e) => e.name !== name), { name, value }];
    expect(problems(set)).toEqual([expect.stringContaining(`env ${name} is inline; use a secretKeyRef`)]);
  });

  it('a credential in the ConfigMap, and a secret env read from it', () => {
    const set = validSet();
    const cm = set.find((o) => o.kind === 'ConfigMap') as K8sObject;
    (cm['data'] as Record<string, string>)['ALPACA_SECRET_KEY'] = 'abc';
    const c = containerOf(set);
    c.env = [
      ...(c.env ?? []).filter((e) => e.name !== 'ALPACA_SECRET_KEY'),
      { name: 'ALPACA_SECRET_KEY', valueFrom: { configMapKeyRef: { name: 'mdi-config', key: 'ALPACA_SECRET_KEY' } } },
    ];
    expect(problems(set)).toEqual([
      expect.stringContaining('env ALPACA_SECRET_KEY comes from a ConfigMap; use a Secret'),
      'ConfigMap/mdi-config: ConfigMap key ALPACA_SECRET_KEY looks like a credential; put it in the Secret',
    ]);
  });

  it('a Secret shipped among the manifests', () => {
    const set = [...validSet(), ...loadManifestFile(SECRET_TEMPLATE_FILE)];
    expect(problems(set)).toEqual([
      'Secret/mdi-secrets: Secrets are generated from an env file or created by operators, never shipped in manifests',
    ]);
  });

  it('references to a missing Secret key, Secret and ConfigMap', () => {
    const set = validSet();
    const c = containerOf(set);
    const ref = c.env?.find((e) => e.name === 'POLYGON_API_KEY')?.valueFrom?.secretKeyRef;
    if (ref) ref.key = 'POLYGON_KEY';
    c.envFrom = [{ configMapRef: { name: 'other-config' } }, { secretRef: { name: 'other-secrets' } }];
    expect(problems(set)).toEqual([
      'Deployment/polygon-ingestor: references Secret mdi-secrets key POLYGON_KEY which does not exist',
      'Deployment/polygon-ingestor: references ConfigMap other-config which does not exist',
      'Deployment/polygon-ingestor: references Secret other-secrets which does not exist',
    ]);
  });

  it('a weakened securityContext', () => {
    const set = validSet();
    const c = containerOf(set);
    c.securityContext = { runAsUser: 0, allowPrivilegeEscalation: true, capabilities: { add: ['NET_ADMIN'] } };
    const pod = of<IDeployment>(set, 'Deployment').spec?.template.spec;
    if (pod?.securityContext) delete pod.securityContext.seccompProfile;
    expect(problems(set)).toEqual([
      expect.stringContaining('pod seccompProfile must be RuntimeDefault'),
      expect.stringContaining('must runAsUser 1000'),
      expect.stringContaining('must have readOnlyRootFilesystem'),
      expect.stringContaining('must disallow privilege escalation'),
      expect.stringContaining('must drop ALL capabilities'),
      expect.stringContaining('must not add capabilities'),
    ]);
  });

  it('missing resources and too few replicas', () => {
    const set = validSet();
    delete containerOf(set).resources?.limits;
    const dep = of<IDeployment>(set, 'Deployment');
    if (dep.spec) dep.spec.replicas = 1;
    expect(problems(set)).toEqual([
      'Deployment/polygon-ingestor: needs at least 2 replicas',
      'Deployment/polygon-ingestor: container polygon-ingestor has no limits.cpu',
      'Deployment/polygon-ingestor: container polygon-ingestor has no limits.memory',
    ]);
  });

  it('a container port that is not the app port, and a PORT env that disagrees', () => {
    const set = validSet();
    const c = containerOf(set);
    if (c.ports) c.ports[0].containerPort = 8080;
    expect(problems(set)).toEqual([
      "Deployment/polygon-ingestor: container polygon-ingestor listens on 8080, the app's port is 3001",
      'Deployment/polygon-ingestor: container polygon-ingestor env PORT=3001 differs from containerPort 8080',
      'Deployment/polygon-ingestor: pod template prometheus.io/port 3001 is not the http port 8080',
    ]);
  });

  it('a Service whose selector matches no Deployment, and one with the wrong port', () => {
    const set = validSet();
    const svc = of<IService>(set, 'Service');
    if (svc.spec?.selector) svc.spec.selector['app.kubernetes.io/name'] = 'polygon';
    expect(problems(set)).toEqual(['Service/polygon-ingestor: selector matches 0 Deployments, expected exactly 1']);
    if (svc.spec?.selector) svc.spec.selector['app.kubernetes.io/name'] = 'polygon-ingestor';
    if (svc.spec?.ports) svc.spec.ports[0] = { name: 'http', port: 80, targetPort: 9999 };
    expect(problems(set)).toEqual([
      "Service/polygon-ingestor: targetPort 9999 is not the container's http port",
      "Service/polygon-ingestor: port 80 is not the app's port 3001",
    ]);
  });

  it('a Deployment selector that does not match its pod labels', () => {
    const set = validSet();
    const dep = of<IDeployment>(set, 'Deployment');
    if (dep.spec) dep.spec.selector.matchLabels = { 'app.kubernetes.io/name': 'other' };
    expect(problems(set)).toEqual([
      expect.stringContaining('selector app.kubernetes.io/name=other does not match the pod labels'),
    ]);
  });

  it('a NetworkPolicy that admits everyone, and one without database egress', () => {
    const set = validSet();
    const np = set.find(
      (o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'polygon-ingestor',
    ) as unknown as INetworkPolicy;
    if (np.spec) {
      np.spec.ingress = [{ from: [{ namespaceSelector: {} }] }];
      np.spec.egress = np.spec.egress?.filter((r) => !(r.ports ?? []).some((p) => p.port === 5432));
    }
    expect(problems(set)).toEqual([
      'Deployment/polygon-ingestor: NetworkPolicy egress does not allow port 5432',
      'Deployment/polygon-ingestor: NetworkPolicy egress does not allow port 6379',
      'Deployment/polygon-ingestor: NetworkPolicy ingress never opens port 3001',
      'Deployment/polygon-ingestor: NetworkPolicy ingress does not admit the monitoring namespace on port 3001',
      'Deployment/polygon-ingestor: NetworkPolicy ingress admits peers other than the gateway and monitoring',
      'Deployment/polygon-ingestor: NetworkPolicy ingress must be limited to port 3001',
    ]);
  });

  it('a Deployment without PodDisruptionBudget or ServiceAccount', () => {
    const set = validSet().filter(
      (o) => !(o.metadata.name === 'polygon-ingestor' && ['PodDisruptionBudget', 'ServiceAccount'].includes(o.kind)),
    );
    expect(problems(set)).toEqual([
      'Deployment/polygon-ingestor: ServiceAccount polygon-ingestor is not defined alongside',
      'Deployment/polygon-ingestor: has no PodDisruptionBudget',
    ]);
  });

  it('a migration Job without retry bound, TTL or pinned image', () => {
    const set = validSet();
    const job = of<IJob>(set, 'Job');
    const spec = job.spec;
    if (!spec?.template.spec) throw new Error('fixture Job has no pod spec');
    delete spec.backoffLimit;
    delete spec.ttlSecondsAfterFinished;
    spec.template.spec.containers[0].image = 'ghcr.io/mdi/migrate:latest';
    expect(problems(set)).toEqual([
      'Job/mdi-migrate-0-1-0: has no backoffLimit',
      'Job/mdi-migrate-0-1-0: has no ttlSecondsAfterFinished',
      'Job/mdi-migrate-0-1-0: container migrate image ghcr.io/mdi/migrate:latest uses :latest',
    ]);
  });

  it('schema errors, unknown kinds and duplicates', () => {
    const set = validSet();
    const c = containerOf(set);
    if (c.ports) (c.ports[0] as { containerPort: unknown }).containerPort = 'http';
    set.push({ apiVersion: 'apps/v1beta1', kind: 'Deployment', metadata: { name: 'old' } });
    set.push(structuredClone(set.find((o) => o.kind === 'ConfigMap') as K8sObject));
    const found = problems(set);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Deployment\/polygon-ingestor: schema: .*containerPort must be integer/),
        'Deployment/old: unknown apiVersion/kind apps/v1beta1 Deployment',
        'ConfigMap/mdi-config: is defined twice',
      ]),
    );
  });

  it('a misspelled field planted in the YAML is rejected with its path', () => {
    const text = readFileSync(appFile('polygon-ingestor'), 'utf8').replace('readinessProbe:', 'readinessprobe:');
    expect(text).toContain('readinessprobe:');
    const set = [...parseManifests(text, 'planted.yaml'), ...baseConfigMap()];
    expect(problems(set)).toEqual([
      'Deployment/polygon-ingestor: unknown field spec.template.spec.containers[0].readinessprobe',
      'Deployment/polygon-ingestor: container polygon-ingestor has no readinessProbe',
    ]);
  });

  it.each([
    [
      'metadata.lables',
      (set: K8sObject[]) => {
        (of<IDeployment>(set, 'Deployment').metadata as unknown as Record<string, unknown>)['lables'] = { a: 'b' };
      },
      'Deployment/polygon-ingestor',
    ],
    [
      'spec.template.spec.securityContext.runAsUsr',
      (set: K8sObject[]) => {
        (of<IDeployment>(set, 'Deployment').spec?.template.spec?.securityContext as unknown as Record<string, unknown>)[
          'runAsUsr'
        ] = 1000;
      },
      'Deployment/polygon-ingestor',
    ],
    [
      'spec.template.spec.containers[0].livenessProbe.httpget',
      (set: K8sObject[]) => {
        (containerOf(set).livenessProbe as unknown as Record<string, unknown>)['httpget'] = { path: '/x' };
      },
      'Deployment/polygon-ingestor',
    ],
    [
      'spec.ports[0].targetport',
      (set: K8sObject[]) => {
        (of<IService>(set, 'Service').spec?.ports?.[0] as unknown as Record<string, unknown>)['targetport'] = 1;
      },
      'Service/polygon-ingestor',
    ],
    [
      'spec.ingress[0].form',
      (set: K8sObject[]) => {
        (of<INetworkPolicy>(set, 'NetworkPolicy').spec?.ingress?.[0] as unknown as Record<string, unknown>)['form'] =
          [];
      },
      'NetworkPolicy/polygon-ingestor',
    ],
    [
      'spec.backofLimit',
      (set: K8sObject[]) => {
        (of<IJob>(set, 'Job').spec as unknown as Record<string, unknown>)['backofLimit'] = 3;
      },
      'Job/mdi-migrate-0-1-0',
    ],
    [
      'dat',
      (set: K8sObject[]) => {
        (set.find((o) => o.kind === 'ConfigMap') as K8sObject)['dat'] = { A: 'b' };
      },
      'ConfigMap/mdi-config',
    ],
  ])('an unknown field %s', (path, plant, where) => {
    const set = validSet();
    plant(set);
    expect(problems(set)).toEqual(expect.arrayContaining([`${where}: unknown field ${path}`]));
    expect(problems(set).filter((p) => p.includes('unknown field'))).toHaveLength(1);
  });

  it('keys of maps (labels, limits, ConfigMap data) are free, not unknown fields', () => {
    const set = validSet();
    const dep = of<IDeployment>(set, 'Deployment');
    (dep.metadata as { annotations?: Record<string, string> }).annotations = { 'anything.example/at-all': 'x' };
    const limits = containerOf(set).resources?.limits as Record<string, string>;
    limits['ephemeral-storage'] = '1Gi';
    expect(problems(set)).toEqual([]);
  });

  it('a service Prometheus cannot scrape: no annotations, and no ingress from the monitoring namespace', () => {
    const set = validSet();
    delete of<IDeployment>(set, 'Deployment').spec?.template.metadata?.annotations;
    const np = set.find(
      (o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'polygon-ingestor',
    ) as unknown as INetworkPolicy;
    if (np.spec) np.spec.ingress = np.spec.ingress?.filter((r) => !(r.from ?? []).some((p) => p.namespaceSelector));
    expect(problems(set)).toEqual([
      'Deployment/polygon-ingestor: pod template lacks prometheus.io/scrape: "true"',
      'Deployment/polygon-ingestor: pod template prometheus.io/path is not /metrics',
      'Deployment/polygon-ingestor: pod template prometheus.io/port undefined is not the http port 3001',
      'Deployment/polygon-ingestor: NetworkPolicy ingress does not admit the monitoring namespace on port 3001',
    ]);
  });

  it('YAML that cannot be read throws instead of being skipped', () => {
    expect(() => parseManifests('kind: [unclosed', 'bad.yaml')).toThrow(/bad.yaml document 0/);
    expect(() => parseManifests('apiVersion: v1\nkind: ConfigMap\n', 'noname.yaml')).toThrow(/missing metadata.name/);
    expect(() => parseManifests('- a\n- b\n', 'list.yaml')).toThrow(/not a mapping/);
    expect(parseManifests('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n', 'x.yaml')).toHaveLength(1);
  });
});
