import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';
import type { Node } from 'web-tree-sitter';

/*
 * No PowerShell runs here, so scripts are parsed with tree-sitter's PowerShell grammar (WebAssembly, no native
 * build): a syntax error (an unclosed block, a missing operand) shows up as an ERROR or a missing node.
 */
let parser: Promise<Parser> | null = null;

function powershellParser(): Promise<Parser> {
  parser ??= (async () => {
    await Parser.init();
    const grammar = createRequire(import.meta.url).resolve(
      'tree-sitter-powershell/tree-sitter-powershell.wasm',
    );
    const ready = new Parser();
    ready.setLanguage(await Language.load(grammar));
    return ready;
  })();
  return parser;
}

/** The syntax errors tree-sitter finds in a PowerShell script, as "line:column: text" (empty when it parses). */
export async function powershellSyntaxErrors(script: string): Promise<string[]> {
  const tree = (await powershellParser()).parse(script);
  if (tree === null) return ['the parser returned no tree'];
  const errors: string[] = [];
  const visit = (node: Node): void => {
    if (node.type === 'ERROR' || node.isMissing) {
      const where = `${node.startPosition.row + 1}:${node.startPosition.column + 1}`;
      errors.push(`${where}: ${node.isMissing ? `missing ${node.type}` : node.text.slice(0, 80)}`);
    }
    for (const child of node.children) if (child) visit(child);
  };
  visit(tree.rootNode);
  return errors;
}
