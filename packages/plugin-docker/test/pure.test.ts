/** The pure parts: canonical JSON, references, auth challenges, env merging, spec resolution, log frames. */
import { describe, expect, it } from 'vitest';
import { pluginConfigSchema, serviceDockerSchema } from '../src/config-schema.js';
import { canonicalJson } from '../src/digest.js';
import { demuxLogs } from '../src/docker-engine.js';
import { mergeEnv } from '../src/image-config.js';
import { layerOrder, resolveImageSpecs } from '../src/image-spec.js';
import { parseWwwAuthenticate } from '../src/registry-auth.js';
import { isLoopback, parseImageReference, parseRegistryLocation } from '../src/registry-ref.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth, drops undefined, keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: undefined, x: null }], c: 'é' } })).toBe('{"a":{"c":"é","d":[3,{"x":null,"z":1}]},"b":1}');
  });
});

describe('image references', () => {
  it('parses registries, Docker Hub names, tags and digests', () => {
    expect(parseImageReference('docker://127.0.0.1:5000/team/api:v1')).toEqual({ registry: '127.0.0.1:5000', repository: 'team/api', tag: 'v1' });
    expect(parseImageReference('alpine')).toEqual({ registry: 'docker.io', repository: 'library/alpine' });
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(parseImageReference(`localhost/x@${digest}`)).toEqual({ registry: 'localhost', repository: 'x', digest });
    expect(() => parseImageReference('Bad/Name')).toThrow('Invalid image reference "Bad/Name"');
    expect(parseRegistryLocation('http://127.0.0.1:5000/acme/')).toEqual({ registry: '127.0.0.1:5000', prefix: 'acme', scheme: 'http' });
    expect(isLoopback('127.0.0.1:5000')).toBe(true);
    expect(isLoopback('registry.example.com')).toBe(false);
  });
});

describe('WWW-Authenticate', () => {
  it('parses Bearer parameters with quoted commas and several challenges', () => {
    expect(parseWwwAuthenticate('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:a/b:pull,push"')).toEqual([
      { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:a/b:pull,push' } },
    ]);
    expect(parseWwwAuthenticate('Basic realm="Registry \\"x\\"", Bearer realm=https://t/token')).toEqual([
      { scheme: 'basic', params: { realm: 'Registry "x"' } },
      { scheme: 'bearer', params: { realm: 'https://t/token' } },
    ]);
  });
});

describe('image specs', () => {
  it('merges env in place, then adds new keys sorted', () => {
    expect(mergeEnv(['PATH=/bin', 'A=1'], { Z: '2', A: '3', B: '4' })).toEqual(['PATH=/bin', 'A=3', 'B=4', 'Z=2']);
  });

  it('orders layers by first use with app on top', () => {
    const c = (layer: string) => ({ from: 'x', to: '/x', layer, optional: false });
    expect(layerOrder([c('app'), c('deps'), c('test'), c('app')])).toEqual(['deps', 'test', 'app']);
  });

  it('layers plugin defaults, language defaults, the service and the variant', () => {
    const specs = resolveImageSpecs({
      projectName: '@acme/noggin',
      language: 'javascript',
      fields: {},
      service: serviceDockerSchema.parse({ env: { A: 's' }, labels: { l: 's' }, exposedPorts: [3000, '53/udp'], variants: { test: { env: { A: 't' }, extraContents: [{ from: 'test', to: '/app/test/', layer: 'test' }] }, debug: { cmd: ['sh'] } } }),
      plugin: pluginConfigSchema.parse({ defaults: { labels: { org: 'acme' }, user: '1000' } }),
      hostArch: 'arm64',
    });
    expect(specs.map((s) => s.name)).toEqual(['acme/noggin', 'acme/noggin-debug', 'acme/noggin-test']);
    const [prod, debug, test] = specs;
    expect(prod).toMatchObject({ base: 'scratch', user: '1000', workdir: '/app', architecture: 'arm64', exposedPorts: ['3000/tcp', '53/udp'], labels: { org: 'acme', l: 's' }, env: { NODE_ENV: 'production', A: 's' } });
    expect(prod.layers).toEqual(['deps', 'app']);
    expect(test.env.A).toBe('t');
    expect(test.layers).toEqual(['deps', 'test', 'app']);
    expect(debug.cmd).toEqual(['sh']);
  });
});

describe('container log frames', () => {
  it('splits stdout and stderr frames', () => {
    const frame = (stream: number, text: string) => Buffer.concat([Buffer.from([stream, 0, 0, 0]), Buffer.from([0, 0, 0, text.length]), Buffer.from(text)]);
    expect(demuxLogs(Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n'), frame(1, 'more\n')]))).toEqual({ stdout: 'out\nmore\n', stderr: 'err\n' });
    expect(demuxLogs(Buffer.from('plain'))).toEqual({ stdout: 'plain', stderr: '' });
  });
});
