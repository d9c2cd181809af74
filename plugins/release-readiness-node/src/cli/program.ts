import { Command } from 'commander';
import { runGenerate } from './generate';
import { CLI_NAME, CliExitCode, CliIo } from './io';
import { runValidate } from './validate';
import { runGate } from './gate';

/**
 * Builds a fresh `release-readiness` program writing to `io`. Commander never
 * exits the process: usage errors surface as a `CommanderError` (see
 * `exitOverride`), and each action stores its exit code through `setExitCode`.
 */
export function createProgram(
  io: CliIo,
  setExitCode: (code: CliExitCode) => void,
): Command {
  const program = new Command(CLI_NAME)
    .description(
      'Protocol 11 – Production Deployment & Release Management: generate the protocol\ndocument from a requirements form and check documents against the generator playbook.',
    )
    .exitOverride()
    .configureOutput({
      writeOut: text => io.stdout.write(text),
      writeErr: text => io.stderr.write(text),
      outputError: (text, write) =>
        write(`${CLI_NAME}: ${text.replace(/^error: /, '')}`),
    })
    .allowExcessArguments(false)
    .showHelpAfterError('(add --help for usage)');

  program
    .command('generate')
    .description(
      'write the Protocol 11 document for a form to DIR/11-production-deployment-release-management.md',
    )
    .requiredOption(
      '--form <file>',
      'the filled Protocol 11 requirements form (YAML)',
    )
    .requiredOption(
      '--out <dir>',
      'folder to write the document into (created when missing)',
    )
    .action(async (options: { form: string; out: string }) => {
      setExitCode(await runGenerate(options, io));
    })
    .addHelpText(
      'after',
      [
        '',
        'Exit codes:',
        '  0  the document was written',
        '  1  the form is invalid: every problem is listed by its path in the form',
        '     (e.g. phases[0].steps[1].action_type); nothing is written',
        '  2  usage error, or a file that cannot be read or written',
        '',
        'Example:',
        `  $ ${CLI_NAME} generate --form protocol-input-form-11-deployment.yaml --out docs/`,
      ].join('\n'),
    );

  program
    .command('validate')
    .description('check a Protocol 11 document against the generator playbook')
    .argument('<document>', 'the Markdown document to check')
    .option(
      '--form <file>',
      'the form the document was generated from; adds word-for-word checks',
    )
    .option(
      '--json',
      'print {"passed", "checks": [{"id", "passed", "message"}]} as JSON',
    )
    .action(
      async (document: string, options: { form?: string; json?: boolean }) => {
        setExitCode(await runValidate(document, options, io));
      },
    )
    .addHelpText(
      'after',
      [
        '',
        'One check per playbook requirement. Exit codes:',
        '  0  every check passed',
        '  1  at least one check failed',
        '  2  usage error, a file that cannot be read, or an invalid --form',
        '',
        'Example:',
        `  $ ${CLI_NAME} validate docs/11-production-deployment-release-management.md --json`,
      ].join('\n'),
    );

  program
    .command('gate')
    .description(
      'evaluate the three quality gates from the evidence in a repository (for pipelines)',
    )
    .requiredOption(
      '--dir <dir>',
      'the repository root; evidence is read from .artifacts/deployment/ below it',
    )
    .option(
      '--form <file>',
      `the team's form (default: ${'protocol-input-form-11-deployment.yaml'} in DIR, else the canonical form)`,
    )
    .option(
      '--require <gate>',
      'the gate that must have passed: release-authorization, production-deployment, stabilization-handoff (or 1, 2, 3); default all',
    )
    .option('--json', 'print {"passed", "required", "readiness"} as JSON')
    .action(
      async (options: {
        dir: string;
        form?: string;
        require?: string;
        json?: boolean;
      }) => {
        setExitCode(await runGate(options, io));
      },
    )
    .addHelpText(
      'after',
      [
        '',
        'Exit codes:',
        '  0  the required gate (default: every gate) has passed',
        '  1  it has not: each criterion that blocks it is listed with its file, field and reason',
        '  2  usage error, a directory that cannot be read, or an invalid --form',
        '',
        'Example (block a deploy until Release Authorization passes):',
        `  $ ${CLI_NAME} gate --dir . --require release-authorization || exit 1`,
      ].join('\n'),
    );

  return program;
}
