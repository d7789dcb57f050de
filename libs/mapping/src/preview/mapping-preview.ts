import { validateAgainstClass } from '@switchboard/connector-sdk';
import type { CompiledMapping, MappingResult } from '../compiler/compiled-mapping';
import { formatPath, parsePath, rulePath } from '../paths/field-path';

/**
 * Runs a compiled mapping on a sample payload, as an admin checks one before relying on it: the
 * output, every field that failed (`fields.<target>`), and, when the target has a class (a command
 * input, a canonical shape), what the output breaks of it (`output.<path>`). A field that already
 * failed is not reported a second time through the output.
 */
export async function previewMapping(mapping: CompiledMapping, sample: unknown): Promise<MappingResult> {
  const { output, errors } = await mapping.run(sample);
  const dataClass = mapping.target?.dataClass;
  if (!dataClass) return { output, errors };
  const checked = validateAgainstClass(dataClass, output, () => 'output');
  if (checked.ok) return { output, errors };
  const outputPathOf = new Map<string, string>();
  for (const key of Object.keys(mapping.definition.fields)) {
    const parsed = parsePath(key);
    if (parsed.ok) outputPathOf.set(rulePath(key), `output.${formatPath(parsed.segments)}`);
  }
  const failed = errors.flatMap((error) => outputPathOf.get(error.path) ?? []);
  const fresh = checked.errors.filter(
    (error) => !failed.some((path) => error.path === path || error.path.startsWith(`${path}.`)),
  );
  return { output, errors: [...errors, ...fresh] };
}
