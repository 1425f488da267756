import { LOG_DELIVERY_GROUP } from "./delivery";
import { Grant } from "./facts";

const ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
const AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

const group = (uri: string, permission: Grant["permission"]): Grant => ({ grantee: { type: "Group", uri }, permission });

/**
 * The group grants of each canned ACL, as the S3 user guide lists them. The owner's own
 * FULL_CONTROL is left out: no rule depends on it and the owner's canonical ID is not known here.
 */
const CANNED_ACL_GRANTS: Record<string, Grant[]> = {
    "private": [],
    "public-read": [group(ALL_USERS, "READ")],
    "public-read-write": [group(ALL_USERS, "READ"), group(ALL_USERS, "WRITE")],
    "aws-exec-read": [],
    "authenticated-read": [group(AUTHENTICATED_USERS, "READ")],
    "bucket-owner-read": [],
    "bucket-owner-full-control": [],
    "log-delivery-write": [group(LOG_DELIVERY_GROUP, "WRITE"), group(LOG_DELIVERY_GROUP, "READ_ACP")],
};

/** The grants a canned ACL stands for, or undefined for a name S3 does not know. */
export function cannedAclGrants(acl: string): Grant[] | undefined {
    return CANNED_ACL_GRANTS[acl];
}
