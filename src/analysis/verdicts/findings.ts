/**
 * What the first rule finds wrong with a lazy value: the kinds of finding
 * (consumed after the disposal, consumed later, not awaited, still reading,
 * escaping the scope, blocking or left open by a graceful close, closed while
 * reading), and how a value escapes.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { CloseKind } from '../pools/close-kinds.js';
import type { ConsumptionForm } from '../values/consumptions.js';
import type { Reshaped } from '../values/flow-events.js';

interface FindingBase {
  /** Where the report goes. */
  node: TSESTree.Node;
  /** The expression holding the iterator there, for the message. */
  value: TSESTree.Node;
  /** The last expression in the scope holding the iterator: what a suggestion materializes. */
  head: TSESTree.Node | undefined;
  /** What the value became between the lazy call and `head` (see FlowContext). */
  reshaped?: Reshaped | undefined;
  /** An explicit close precedes it on some code paths only. */
  somePaths: boolean;
  /** The value is one an earlier loop iteration made, with that iteration's pool. */
  earlierIteration?: boolean;
}

export type Finding =
  | (FindingBase & { kind: 'consumedAfterDisposal'; form: ConsumptionForm })
  | (FindingBase & { kind: 'consumedLater'; callback: string })
  | (FindingBase & { kind: 'notAwaited'; consumer: TSESTree.CallExpression })
  | (FindingBase & { kind: 'stillReading'; remedy: string })
  | (FindingBase & { kind: 'escapesScope'; escape: EscapeKind; waitingClose?: CloseKind })
  | (FindingBase & { kind: 'blocksClose'; close: CloseKind })
  | (FindingBase & { kind: 'leftOpen'; close: CloseKind })
  | (FindingBase & { kind: 'closedWhileReading'; starter: TSESTree.CallExpression; callback: string });

export type EscapeKind =
  | { kind: 'returned' }
  | { kind: 'exported' }
  | { kind: 'assigned'; name: string }
  | { kind: 'stored'; target: TSESTree.MemberExpression };
