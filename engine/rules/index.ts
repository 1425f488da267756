import { loggingConflict } from "./loggingConflict";
import { loggingCycle } from "./loggingCycle";
import { loggingDisabled } from "./loggingDisabled";
import { logsNotDelivered } from "./logsNotDelivered";
import { Rule, RuleId } from "./rule";
import { targetDeniesDelivery } from "./targetDeniesDelivery";
import { targetGrantsUnsupported } from "./targetGrantsUnsupported";
import { targetIsSource } from "./targetIsSource";
import { targetKmsEncrypted } from "./targetKmsEncrypted";
import { targetLogsEnabled } from "./targetLogsEnabled";
import { targetMissing } from "./targetMissing";
import { targetObjectLockRetention } from "./targetObjectLockRetention";
import { targetOtherAccount } from "./targetOtherAccount";
import { targetOtherRegion } from "./targetOtherRegion";
import { targetRequesterPays } from "./targetRequesterPays";

export * from "./rule";

/** Every rule, in report order. */
export const RULES: readonly Rule[] = [
    loggingDisabled,
    loggingConflict,
    targetIsSource,
    targetMissing,
    targetOtherRegion,
    targetOtherAccount,
    targetDeniesDelivery,
    targetKmsEncrypted,
    targetObjectLockRetention,
    targetRequesterPays,
    targetGrantsUnsupported,
    loggingCycle,
    targetLogsEnabled,
    logsNotDelivered,
];

export const RULES_BY_ID: ReadonlyMap<RuleId, Rule> = new Map(RULES.map((r) => [r.id, r]));
