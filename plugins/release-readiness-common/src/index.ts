/**
 * The Protocol 11 engine: form model and validation, document generator and
 * validator, evidence model and gate engine.
 *
 * @packageDocumentation
 */
export * from './form/types';
export { protocol11FormJsonSchema, protocol11FormSchema } from './form/schema';
export type { JsonSchema } from './form/schema';
export {
  validateProtocol11Form,
  parseProtocol11Form,
  assertProtocol11Form,
  formatFormIssue,
  formIssuesError,
} from './form/validate';
export type { Protocol11FormResult } from './form/validate';
export { PROTOCOL11_FORM_MAX_CHARS } from './form/validate';
export { stringifyPortableYaml } from './form/yaml';
export { decodeText, stripByteOrderMark } from './text/decode';
export type { DecodedText, DecodeTextProblem } from './text/decode';
export { readYaml, YAML_MAX_ALIAS_COUNT, YAML_MAX_DEPTH } from './text/yaml';
export type { YamlProblem, YamlRead } from './text/yaml';
export {
  parseMarkdownTree,
  MARKDOWN_MAX_NESTING,
  MarkdownLimitError,
  taskItems,
  inlineText,
  blockText,
  allBlocks,
  isCommentOnly,
} from './text/markdown';
export type {
  MarkdownBlock,
  MarkdownBlockType,
  MarkdownInline,
  MarkdownInlineType,
  MarkdownTask,
} from './text/markdown';
export * from './playbook/playbook';
export {
  renderProtocol11Document,
  DEFAULT_HALT_CONDITION,
} from './document/render';
export {
  validateProtocol11Document,
  PROTOCOL11_CHECK_IDS,
} from './document/validate';
export type {
  Protocol11CheckResult,
  Protocol11ValidationReport,
  Protocol11ValidateOptions,
} from './document/validate';
export * from './gates';
export * from './api/types';
export * from './location';
export * from './api/signals';
export * from './api/gateCheck';
