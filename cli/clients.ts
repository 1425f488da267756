import { AwsClients } from "../aws/clients";
import { Mode } from "../aws/operations";
import { Io } from "./io";
import { CliOptions } from "./options";

/** The SDK clients of one command, for the operations its mode declares. */
export function clientsFor(options: CliOptions, mode: Mode, io: Io): AwsClients {
    return new AwsClients({
        region: options.audit.homeRegion, endpoint: io.endpoint, credentials: io.credentials,
        roleName: options.roleName, externalId: options.externalId, mode,
    });
}
