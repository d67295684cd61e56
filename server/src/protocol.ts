/**
 * Requests beyond LSP that the VS Code extension sends; plain method names so that any client can use
 * them, and typed message objects so that the server's handlers and the extension's calls are checked
 * against the same parameter and result types.
 */
import type { AnalysisResult, JobSentinelConfig } from '@jobsentinel/core';
import { NotificationType0, RequestType } from 'vscode-languageserver-protocol';

/**
 * Analyse texts the client read (a workspace export) with the config that applies to each. The
 * result lists only the files that hold a CronJob or Job.
 */
export const ANALYSE_REQUEST = 'jobsentinel/analyse';
export interface AnalyseParams {
  documents: Array<{ uri: string; text: string }>;
}
export interface AnalyseResult {
  files: Array<{ uri: string; result: AnalysisResult }>;
}
export const AnalyseRequest = new RequestType<AnalyseParams, AnalyseResult, void>(ANALYSE_REQUEST);

/** The merged config (settings over `.jobsentinel.yaml`) for a file: what an audit-log scan should use. */
export const RESOLVE_CONFIG_REQUEST = 'jobsentinel/resolveConfig';
export interface ResolveConfigParams {
  uri: string;
}
export type ResolveConfigResult = JobSentinelConfig;
export const ResolveConfigRequest = new RequestType<ResolveConfigParams, ResolveConfigResult, void>(RESOLVE_CONFIG_REQUEST);

/** The user trusted the workspace: its `.jobsentinel.yaml` may now be read. */
export const WORKSPACE_TRUSTED_NOTIFICATION = 'jobsentinel/workspaceTrusted';
export const WorkspaceTrustedNotification = new NotificationType0(WORKSPACE_TRUSTED_NOTIFICATION);

export interface InitializationOptions {
  /** False in an untrusted workspace: config files there are not read (a repository must not silence itself). */
  workspaceTrusted?: boolean;
  /** Settings for clients that neither answer `workspace/configuration` nor push them. */
  settings?: Record<string, unknown>;
}

/**
 * Server → client: the text of a file, or null when it does not exist. For servers without a file
 * system (the web worker), which find `.jobsentinel.yaml` through the editor instead.
 */
export const READ_FILE_REQUEST = 'jobsentinel/readFile';
export interface ReadFileParams {
  uri: string;
}
export type ReadFileResult = string | null;
export const ReadFileRequest = new RequestType<ReadFileParams, ReadFileResult, void>(READ_FILE_REQUEST);

/**
 * Server → client: whether anything exists at the URI. Asked only for `.git` entries, which mark the
 * repository root that config discovery never climbs above; a client that does not answer means "no".
 */
export const EXISTS_REQUEST = 'jobsentinel/exists';
export type ExistsResult = boolean;
export const ExistsRequest = new RequestType<ReadFileParams, ExistsResult, void>(EXISTS_REQUEST);
