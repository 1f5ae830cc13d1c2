import type { Command } from '../shared/decider.js';

/**
 * Countersign modes: `all` 会签 (every signer approves), `any` 或签 (the first approval decides), `sequential` 依次审批 (in the listed order),
 * `quorum` (at least N approvals).
 */
export const MATTER_MODES = ['all', 'any', 'sequential', 'quorum'] as const;
export type MatterMode = (typeof MATTER_MODES)[number];

/** A signer's verdict. */
export const SIGN_DECISIONS = ['approve', 'reject'] as const;
export type SignDecision = (typeof SIGN_DECISIONS)[number];

/** Most signers a matter may have at once, per API.md (1–50). */
export const MAX_SIGNERS = 50;

/** Reports a matter for countersign; the actor becomes its submitter. */
export type SubmitMatter = Command<
  'SubmitMatter',
  {
    matterId: string;
    title: string;
    body: string;
    /** 1–50 distinct user ids, in signing order for `sequential`. */
    signers: string[];
    mode: MatterMode;
    /** Only with `quorum` mode: approvals needed, 1..signers.length. */
    quorum?: number;
    /** ISO date-time strictly after `metadata.now`. */
    deadline?: string;
  }
>;

/** The actor approves or rejects; a rejection needs a comment. */
export type SignMatter = Command<'SignMatter', { matterId: string; decision: SignDecision; comment?: string }>;

/** 加签: appends a signer at the end (in `sequential` they wait for their turn). */
export type AddSigner = Command<'AddSigner', { matterId: string; userId: string }>;

/** 转交: the acting pending signer hands their place and turn to `to`. */
export type DelegateSignature = Command<'DelegateSignature', { matterId: string; to: string; reason: string }>;

/** 撤回: the submitter withdraws a matter that is still pending. */
export type RecallMatter = Command<'RecallMatter', { matterId: string; reason: string }>;

/** Sent by the reminder engine once the deadline has passed. */
export type ExpireMatter = Command<'ExpireMatter', { matterId: string }>;

/** Every command of the countersign matter aggregate. */
export type MatterCommand = SubmitMatter | SignMatter | AddSigner | DelegateSignature | RecallMatter | ExpireMatter;
