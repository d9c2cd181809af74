import { annotateDescriptor } from './descriptor';

const ref = { kind: 'Component', namespace: 'default', name: 'b' };

const FILE = `# Services of team search
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: a   # the first one
  annotations:
    foo: bar
spec: {type: service}
---
# the one we annotate
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: b
  description: "Recommendations"  # quoted
  annotations:
    # sample state
    release-readiness.io/sample-state: none
spec:
  type: service

---
kind: Group
metadata: {name: g}
`;

describe('annotateDescriptor', () => {
  it("adds the annotation to that entity's document only, keeping comments and the other documents byte for byte", () => {
    const result = annotateDescriptor(FILE, ref, '.', 'catalog-info.yaml');
    expect(result.kind).toBe('added');
    const content = result.kind === 'added' ? result.content : '';
    expect(content).toBe(
      FILE.replace(
        '    release-readiness.io/sample-state: none\n',
        '    release-readiness.io/sample-state: none\n    release-readiness.io/protocol11: .\n',
      ),
    );
  });

  it('creates metadata.annotations when the document has none', () => {
    const result = annotateDescriptor(
      'kind: Component\nmetadata:\n  name: b\n  # owner below\nspec:\n  owner: x\n',
      ref,
      'docs/',
      'c.yaml',
    );
    expect(result).toEqual({
      kind: 'added',
      content:
        'kind: Component\nmetadata:\n  name: b\n  annotations:\n    release-readiness.io/protocol11: docs/\n  # owner below\nspec:\n  owner: x\n',
    });
  });

  it('leaves an existing annotation as it is', () => {
    const text =
      'kind: Component\nmetadata:\n  name: b\n  annotations:\n    release-readiness.io/protocol11: ops/\n';
    expect(annotateDescriptor(text, ref, '.', 'c.yaml')).toEqual({
      kind: 'present',
      value: 'ops/',
    });
  });

  it('matches kind and namespace as the catalog does', () => {
    const text =
      'kind: component\nmetadata:\n  name: b\n  namespace: Default\n';
    expect(annotateDescriptor(text, ref, '.', 'c.yaml').kind).toBe('added');
    expect(() =>
      annotateDescriptor(text, { ...ref, namespace: 'other' }, '.', 'c.yaml'),
    ).toThrow('c.yaml: no document describes component:other/b');
  });

  it('names the line and column of a syntax error', () => {
    expect(() =>
      annotateDescriptor(
        'kind: Component\nmetadata:\n  name: b\n  x: [1, 2\n',
        ref,
        '.',
        'c.yaml',
      ),
    ).toThrow(/^c\.yaml: .* \(line \d+, column \d+\)$/);
  });
});
