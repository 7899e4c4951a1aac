/**
 * Type-aware answers, when the file has type information: is a call's
 * (awaited) result a lazy iterator or an eager collection, and does a call
 * return a thenable. Asked only for candidate calls, cached per node; a
 * failing or unresolved query means "no answer", never a crash.
 */
import { AST_NODE_TYPES, ESLintUtils, type ParserServicesWithTypeInformation, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { createRequire } from 'node:module';
import type * as TsApiUtils from 'ts-api-utils';
import type * as Ts from 'typescript';

/**
 * TypeScript and ts-api-utils are loaded only for files that have type
 * information, so that syntactic linting of plain JavaScript needs neither.
 */
const require = createRequire(import.meta.url);
let loaded: { ts: typeof Ts; tsutils: typeof TsApiUtils } | undefined;
function load(): { ts: typeof Ts; tsutils: typeof TsApiUtils } {
  loaded ??= { ts: require('typescript') as typeof Ts, tsutils: require('ts-api-utils') as typeof TsApiUtils };
  return loaded;
}

/** `lazy`: an iterator, iterable or stream; `eager`: a materialized collection; `other`: neither; `unknown`: any or unresolved. */
export type Laziness = 'lazy' | 'eager' | 'other' | 'unknown';

const EAGER_COLLECTIONS = new Set([
  'Array',
  'ReadonlyArray',
  'Map',
  'ReadonlyMap',
  'Set',
  'ReadonlySet',
  'String',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float16Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
  'Buffer',
]);

/** Verdicts by type, per checker: a program's types are shared objects, and files ask about the same few. */
interface Verdicts {
  laziness: Map<Ts.Type, Laziness>;
  thenable: Map<Ts.Type, boolean>;
  iteration: Map<Ts.Type, Iteration>;
  /** Whether the program's `lib` declares `Array.fromAsync`. */
  fromAsync?: boolean;
}

/** How a value is iterated: `for await` only, `for…of`, or not known. */
export type Iteration = 'async' | 'sync' | 'unknown';
const verdictsByChecker = new WeakMap<Ts.TypeChecker, Verdicts>();

export class TypeOracle {
  private readonly checker: Ts.TypeChecker;
  private readonly laziness = new Map<TSESTree.Node, Laziness>();
  private readonly verdicts: Verdicts;

  private readonly ts: typeof Ts;
  private readonly tsutils: typeof TsApiUtils;

  private constructor(private readonly services: ParserServicesWithTypeInformation) {
    this.checker = services.program.getTypeChecker();
    let verdicts = verdictsByChecker.get(this.checker);
    if (!verdicts) {
      verdicts = { laziness: new Map(), thenable: new Map(), iteration: new Map() };
      verdictsByChecker.set(this.checker, verdicts);
    }
    this.verdicts = verdicts;
    ({ ts: this.ts, tsutils: this.tsutils } = load());
  }

  /** An oracle when the file was parsed with a TypeScript program (`projectService` or `project`), else undefined. */
  static forContext(
    context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
    sourceCode: Readonly<TSESLint.SourceCode> = context.sourceCode,
  ): TypeOracle | undefined {
    const services = sourceCode.parserServices;
    if (!services?.program || !services.esTreeNodeToTSNodeMap) return undefined;
    return new TypeOracle(ESLintUtils.getParserServices(context, false));
  }

  /** What the value of `node`, once awaited, is. */
  lazinessOf(node: TSESTree.Node): Laziness {
    let answer = this.laziness.get(node);
    if (answer === undefined) {
      answer = this.classify(node);
      this.laziness.set(node, answer);
    }
    return answer;
  }

  /** Whether calling `node` gives a promise or another thenable. */
  returnsThenable(node: TSESTree.CallExpression): boolean {
    try {
      const type = this.typeOf(node);
      let thenable = this.verdicts.thenable.get(type);
      if (thenable === undefined) {
        const tsNode = this.services.esTreeNodeToTSNodeMap.get(node);
        thenable = !this.isLoose(type) && this.tsutils.isThenableType(this.checker, tsNode, type);
        this.verdicts.thenable.set(type, thenable);
      }
      return thenable;
    } catch {
      return false;
    }
  }

  /**
   * How the value of `node` (not awaited) is iterated: `async` when it has
   * `[Symbol.asyncIterator]` and no `[Symbol.iterator]`, `sync` when it has
   * `[Symbol.iterator]` only.
   */
  iterationOf(node: TSESTree.Node): Iteration {
    try {
      const type = this.typeOf(node);
      let iteration = this.verdicts.iteration.get(type);
      if (iteration === undefined) {
        iteration = this.classifyIteration(type);
        this.verdicts.iteration.set(type, iteration);
      }
      return iteration;
    } catch {
      return 'unknown';
    }
  }

  /** Whether `node`'s type is `any`, `unknown` or unresolved: then `Array.from(node)` types its items `unknown`. */
  isLooselyTyped(node: TSESTree.Node): boolean {
    try {
      return this.isLoose(this.services.getTypeAtLocation(node));
    } catch {
      return true;
    }
  }

  /** Whether the program's `lib` declares `Array.fromAsync` (ES2024 and later): asked once per program. */
  hasArrayFromAsync(): boolean {
    if (this.verdicts.fromAsync === undefined) {
      try {
        const { ts } = this;
        const array = this.checker.resolveName('Array', undefined, ts.SymbolFlags.Value, false);
        this.verdicts.fromAsync = array !== undefined && this.checker.getTypeOfSymbol(array).getProperty('fromAsync') !== undefined;
      } catch {
        this.verdicts.fromAsync = false;
      }
    }
    return this.verdicts.fromAsync;
  }

  private classifyIteration(type: Ts.Type): Iteration {
    if (this.isLoose(type)) return 'unknown';
    const parts = this.tsutils.unionConstituents(type).filter((part) => !this.isNullish(part));
    const kinds = new Set(
      parts.map((part): Iteration => {
        if (this.isLoose(part)) return 'unknown';
        const sync = this.tsutils.getWellKnownSymbolPropertyOfType(part, 'iterator', this.checker);
        const async = this.tsutils.getWellKnownSymbolPropertyOfType(part, 'asyncIterator', this.checker);
        if (sync) return 'sync';
        return async ? 'async' : 'unknown';
      }),
    );
    return kinds.size === 1 ? ([...kinds][0] as Iteration) : 'unknown';
  }

  /**
   * Where the type of `node`'s value is declared: the package it comes from (`@types/x` as `x`), the file in
   * it, and the declared name (`PoolConnection`, `MongoClient`). Undefined for a loose type, a union, or a type
   * declared outside any package.
   */
  declaredTypeOf(node: TSESTree.Node): { module: string; file: string; name: string } | undefined {
    try {
      const type = this.services.getTypeAtLocation(node);
      if (this.isLoose(type) || type.isUnion()) return undefined;
      let symbol = type.aliasSymbol ?? type.getSymbol();
      if (symbol && symbol.flags & this.ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
      const declaration = symbol?.declarations?.[0];
      if (!symbol || !declaration) return undefined;
      const fileName = declaration.getSourceFile().fileName.split('\\').join('/');
      const at = fileName.lastIndexOf('/node_modules/');
      if (at < 0) return undefined;
      const parts = fileName.slice(at + '/node_modules/'.length).split('/');
      const scoped = parts[0]?.startsWith('@') === true;
      let module = scoped ? `${parts[0] ?? ''}/${parts[1] ?? ''}` : (parts[0] ?? '');
      if (module.startsWith('@types/')) module = module.slice('@types/'.length).replace(/^(.+)__(.+)$/, '@$1/$2');
      return { module, file: parts.slice(scoped ? 2 : 1).join('/'), name: symbol.getName() };
    } catch {
      return undefined;
    }
  }

  /** Whether `node`'s value is a function: a value with call signatures and nothing loose about it. */
  isCallable(node: TSESTree.Node): boolean {
    try {
      const type = this.services.getTypeAtLocation(node);
      return !this.isLoose(type) && type.getCallSignatures().length > 0;
    } catch {
      return false;
    }
  }

  /**
   * The type of `node`; for a call, the return type of its resolved signature:
   * the checker keeps that per call, where a call's type is checked anew (its
   * callee and the flow type of its receiver) each time it is asked.
   */
  private typeOf(node: TSESTree.Node): Ts.Type {
    if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) {
      const tsNode = this.services.esTreeNodeToTSNodeMap.get(node);
      const signature = this.checker.getResolvedSignature(tsNode);
      if (signature) return this.checker.getReturnTypeOfSignature(signature);
    }
    return this.services.getTypeAtLocation(node);
  }

  private classify(node: TSESTree.Node): Laziness {
    try {
      const type = this.typeOf(node);
      let verdict = this.verdicts.laziness.get(type);
      if (verdict === undefined) {
        verdict = this.classifyType(this.checker.getAwaitedType(type) ?? type);
        this.verdicts.laziness.set(type, verdict);
      }
      return verdict;
    } catch {
      return 'unknown';
    }
  }

  private classifyType(type: Ts.Type): Laziness {
    if (this.isLoose(type)) return 'unknown';
    const parts = this.tsutils.unionConstituents(type).filter((part) => !this.isNullish(part));
    if (parts.length === 0) return 'other';
    const verdicts = parts.map((part) => this.classifyPart(part));
    if (verdicts.includes('lazy')) return 'lazy';
    if (verdicts.includes('unknown')) return 'unknown';
    return verdicts.every((verdict) => verdict === 'eager') ? 'eager' : 'other';
  }

  private classifyPart(type: Ts.Type): Laziness {
    if (this.isLoose(type)) return 'unknown';
    if (this.tsutils.isTypeFlagSet(type, this.ts.TypeFlags.StringLike)) return 'eager';
    if (this.checker.isArrayType(type) || this.checker.isTupleType(type)) return 'eager';
    const name = type.getSymbol()?.getName();
    if (name !== undefined && EAGER_COLLECTIONS.has(name)) return 'eager';
    if (name === 'Readable' || this.inheritsReadable(type)) return 'lazy';
    const iterable =
      this.tsutils.getWellKnownSymbolPropertyOfType(type, 'asyncIterator', this.checker) ??
      this.tsutils.getWellKnownSymbolPropertyOfType(type, 'iterator', this.checker);
    if (iterable) return 'lazy';
    // An iterator without `[Symbol.iterator]`: a `next()` method returning `{ done, value }`.
    const next = type.getProperty('next');
    return next && this.checker.getTypeOfSymbol(next).getCallSignatures().length > 0 ? 'lazy' : 'other';
  }

  private inheritsReadable(type: Ts.Type): boolean {
    const { ts, tsutils } = this;
    if (!tsutils.isObjectType(type) || !tsutils.isObjectFlagSet(type, ts.ObjectFlags.ClassOrInterface)) return false;
    return this.checker.getBaseTypes(type as Ts.InterfaceType).some(
      (base) => base.getSymbol()?.getName() === 'Readable' || this.inheritsReadable(base),
    );
  }

  private isLoose(type: Ts.Type): boolean {
    return (
      this.tsutils.isTypeFlagSet(type, this.ts.TypeFlags.Any | this.ts.TypeFlags.Unknown) ||
      this.tsutils.isIntrinsicErrorType(type)
    );
  }

  private isNullish(type: Ts.Type): boolean {
    return this.tsutils.isTypeFlagSet(type, this.ts.TypeFlags.Null | this.ts.TypeFlags.Undefined | this.ts.TypeFlags.Void);
  }
}
