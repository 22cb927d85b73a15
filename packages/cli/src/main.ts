// `mediation`: the centre's command line. A real gRPC client of the running services.
import { parseArgs } from "node:util";
import { isServiceError, status } from "@mediation/grpc-kit";
import { MissingInfrastructure } from "./centre/infrastructure.js";
import { connectCentre } from "./clients.js";
import { auditCommand } from "./commands/audit.js";
import { centre } from "./commands/centre.js";
import { demo } from "./commands/demo.js";
import { listDisputes, show, submit } from "./commands/disputes.js";
import { keys } from "./commands/keys.js";
import { mediator } from "./commands/mediator.js";
import { privacy } from "./commands/privacy.js";
import { guidance, withdraw } from "./commands/progress.js";
import { queue } from "./commands/queue.js";
import { report } from "./commands/report.js";
import { roster } from "./commands/roster.js";
import { route } from "./commands/route.js";
import { UsageError } from "./money.js";
import { output } from "./output.js";

const USAGE = `mediation — the dispute mediation centre from the command line

  mediation centre up                         run the whole centre here (same as pnpm start)
  mediation demo                              a short demonstration, ending with the monthly report
  mediation submit --centre JD01 --category FAMILY --summary TEXT --claimant NAME --respondent NAME
                   [--amount YUAN] [--request-id ID] [--channel WISHED] [--mediator CHOSEN-ID] [--must-report]
  mediation show <dispute-id> [--reason TEXT] the dispute and its timeline; a supervisor sees ID numbers and phones
                                              masked unless it states why it needs them (the reason is audited)
  mediation list [--centre JD01] [--state S] [--channel C] [--category C] [--month YYYY-MM] [--case CASE-NUMBER]
                 [--page-size N] [--page-token T]
  mediation withdraw <dispute-id> --by CLAIMANT|RESPONDENT_BY_AGREEMENT|CENTRE --reason TEXT [--centre JD01]
  mediation dispute guidance <dispute-id> --institution "上城区人民法院" [--note TEXT] [--centre JD01]
                   on litigation guidance or labour arbitration: record where the parties were sent; the dispute ends
  mediation route explain --category SMALL_DEBT [--amount YUAN] [--claimants N] [--must-report] [--against-respondent N]
  mediation route policy                      the active routing policy
  mediation route simulate --month YYYY-MM --policy FILE   what-if: channel loads under a candidate policy
  mediation mediator watch <mediator-id>
  mediation mediator accept <mediator-id> <offer-id>
  mediation mediator close <mediator-id> <case-id> --outcome AGREEMENT|NO_AGREEMENT|REFUSED|WITHDRAWN
                   [--terms TEXT --due YYYY-MM-DD [--obligor WHO] [--manner HOW]] [--refused-by claimant|respondent] [--told-other-routes]
  mediation mediator decline <mediator-id> <offer-id> --reason TEXT
  mediation mediator session <mediator-id> <case-id> [--note TEXT]
  mediation mediator extend <mediator-id> <case-id> --both-consent
  mediation mediator cases <mediator-id>
  mediation mediator parties <mediator-id> <dispute-id>   the parties of a case this mediator holds (audited)
  mediation roster list [--centre JD01]       supervisors: the mediators, their load and status
  mediation roster status <mediator-id> AVAILABLE|AWAY|OFF   escalated cases are offered at once to one who becomes free
  mediation roster waiting [--centre JD01]    supervisors: cases waiting for a mediator, oldest first, with their age
  mediation roster assign <case-id> <mediator-id>            a case awaiting a mediator: name one; its period starts
  mediation roster reassign <case-id> <mediator-id> --reason "..."   an accepted case to another mediator; deadline kept
  mediation queue list [--centre JD01] [--kind K]... [--page-size N] [--page-token T]
                   supervisors: what waits for a person (TRIAGE, ESCALATION, ESCALATION_DECISION, RISK_ALERT,
                   AWAITING_MEDIATOR), oldest first, with its age
  mediation queue decide <dispute-id> --channel C --reason "..."   the channel of a TRIAGE or acknowledged escalated dispute
  mediation queue ack <dispute-id> --note "..."      take charge of a dispute escalated to the district
  mediation queue ack-alert <alert-id> --note "..."  the district: a risk alert seen, and what is done
  mediation report <YYYY-MM> [--centre JD01] [--format csv|html|json] [--lang zh|en] [--out FILE]
  mediation report publish <YYYY-MM>          freeze an ended month now (the month-end job does it on the 1st)
  mediation audit list [--service intake|routing|mediation] [--record ID] [--subject WHO] [--from T] [--to T]
                 [--page-size N] [--page-token T]   who read or changed what: supervisors, their centre's; the admin, all
  mediation audit verify [--service S]        check the service's hash chain; names the first broken entry (exit 3)
  mediation report rebuild                    replay the event history and show where the read model differs
  mediation privacy access-request --id-number ID [--name NAME]   supervisors: what is held about a person, dispute by dispute
  mediation keys reseal --service intake|mediation   after adding a new PII_KEY: move every data key to it (resumable)

Every command takes --json. Services are found at MEDIATION_<SERVICE>_ADDR (default 127.0.0.1:5005x),
over TLS when MEDIATION_TLS_CA is set (and MEDIATION_TLS_CERT, MEDIATION_TLS_KEY for mutual TLS).
Calls carry MEDIATION_TOKEN; without it, a centre started here with pnpm start signs development tokens.`;

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
      centre: { type: "string" },
      category: { type: "string" },
      summary: { type: "string" },
      amount: { type: "string" },
      claimant: { type: "string", multiple: true },
      respondent: { type: "string", multiple: true },
      "request-id": { type: "string" },
      "page-size": { type: "string" },
      "page-token": { type: "string" },
      claimants: { type: "string" },
      outcome: { type: "string" },
      terms: { type: "string" },
      due: { type: "string" },
      obligor: { type: "string" },
      manner: { type: "string" },
      "refused-by": { type: "string" },
      policy: { type: "string" },
      reason: { type: "string" },
      format: { type: "string" },
      lang: { type: "string" },
      out: { type: "string" },
      note: { type: "string" },
      "both-consent": { type: "boolean" },
      "told-other-routes": { type: "boolean" },
      channel: { type: "string" },
      mediator: { type: "string" },
      month: { type: "string" },
      "must-report": { type: "boolean" },
      "against-respondent": { type: "string" },
      by: { type: "string" },
      state: { type: "string" },
      case: { type: "string" },
      institution: { type: "string" },
      kind: { type: "string", multiple: true },
      service: { type: "string" },
      record: { type: "string" },
      subject: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      "id-number": { type: "string" },
      name: { type: "string" },
    },
  });
  const out = output(values.json ?? false);
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  if (command === "centre") return centre(rest[0], out);
  if (command === "demo") return demo(out);
  if (command === "keys") return keys(rest, values, out);
  const clients = connectCentre();
  try {
    switch (command) {
      case "submit":
        return await submit(clients, values, out);
      case "show":
        return await show(clients, rest[0], values, out);
      case "list":
        return await listDisputes(clients, values, out);
      case "withdraw":
        return await withdraw(clients, rest[0], values, out);
      case "dispute":
        if (rest[0] !== "guidance")
          throw new UsageError(`unknown "dispute ${rest[0] ?? ""}"; try: mediation dispute guidance <dispute-id> --institution NAME`);
        return await guidance(clients, rest[1], values, out);
      case "route":
        return await route(clients, rest[0], values, out);
      case "mediator":
        return await mediator(clients, rest, values, out);
      case "roster":
        return await roster(clients, rest, values, out);
      case "queue":
        return await queue(clients, rest, values, out);
      case "audit":
        return await auditCommand(clients, rest, values, out);
      case "report":
        return await report(clients, rest, values, out);
      case "privacy":
        return await privacy(clients, rest[0], values, out);
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } finally {
    clients.close();
  }
}

function explain(error: unknown): { message: string; code: number } {
  if (error instanceof UsageError) return { message: `${error.message}\n\n${USAGE}`, code: 2 };
  if (error instanceof MissingInfrastructure) return { message: error.message, code: 1 };
  if (isServiceError(error)) {
    if (error.code === status.UNAVAILABLE || error.code === status.DEADLINE_EXCEEDED) {
      return { message: `the centre does not answer (${error.details}). Is it running? Start it with: pnpm start`, code: 1 };
    }
    const kind = status[error.code]?.toLowerCase().replace(/_/g, " ") ?? "error";
    return { message: `${kind}: ${error.details}`, code: 1 };
  }
  if (error instanceof Error && "code" in error && error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION")
    return { message: `${error.message}\n\n${USAGE}`, code: 2 };
  return { message: error instanceof Error ? error.message : String(error), code: 1 };
}

main(process.argv.slice(2)).then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    const { message, code } = explain(error);
    console.error(`mediation: ${message}`);
    process.exit(code);
  },
);
