/// Help texts in swift-argument-parser's layout.
enum Help {
  static let commands = ["run", "validate", "shard-for", "filter-test", "metrics", "bench", "help"]
  static let topUsage = "msgsim <subcommand>"
  static let runUsage =
    "msgsim run FILE [--seed N] [--set PATH=VALUE]... [--out DIR] [--quiet] [--progress | --no-progress] "
    + "[--max-memory SIZE] [--max-events N]"
  static let validateUsage = "msgsim validate FILE..."
  static let shardForUsage = "msgsim shard-for --shards N [--explicit-hash-key H] (KEY... | --stdin)"
  static let filterTestUsage =
    "msgsim filter-test --policy FILE --message FILE [--scope MessageAttributes|MessageBody]"
  static let metricsUsage = "msgsim metrics [--kind queue|topic|endpoint|producer|consumer] [--conservation]"
  static let benchUsage =
    "msgsim bench [--only hold|baseline|mmc|run-mmc|report100|queues|backlog|filter|fanout|kinesis|trucks] [--quick]"

  static let top = """
    OVERVIEW: Discrete-event simulator of AWS messaging (SQS standard and FIFO
    queues, SNS topics) for capacity planning. Runs a scenario file on a
    virtual clock and writes CSV metrics. (Kinesis is not simulated yet;
    shard-for prints its partition-key layout.)

    USAGE: msgsim <subcommand>

    OPTIONS:
      --version               Show the version.
      -h, --help              Show help information.

    SUBCOMMANDS:
      run                     Simulate a scenario and write its report.
      validate                Check scenario files without running them.
      shard-for               Print the Kinesis shard of each partition key.
      filter-test             Evaluate an SNS filter policy against one message.
      metrics                 List the metric names a summary can report.
      bench                   Measure the simulator's speed and memory.

      See 'msgsim help <subcommand>' for detailed help.

    """

  static let run = """
    OVERVIEW: Simulate a scenario and write its report folder DIR/<name>/
    (metrics.csv, summary.csv, events.csv and manifest.json, which marks the
    folder as msgsim's), then print a summary table. A run replaces only a
    report folder msgsim wrote: anything else at DIR/<name> is refused.

    USAGE: \(runUsage)

    ARGUMENTS:
      FILE                    The scenario file (.json5 or .json).

    OPTIONS:
      --seed N                Override the scenario's seed (0 ... 2^64-1).
      --set PATH=VALUE        Override one scenario value before validation,
                              e.g. --set consumers.workers.count=12 (arrays of
                              named things are addressed by name). Repeatable.
      --out DIR               Folder for reports (default: Reports).
      --quiet                 Print nothing on success.
      --progress              Show progress on stderr (simulated time, events/s,
                              ETA) even when stderr is not a terminal or with
                              --quiet. By default it is shown only on a terminal
                              and not with --quiet.
      --no-progress           Never show progress.
      --max-memory SIZE       Refuse (before simulating) a run whose estimated
                              peak memory is above SIZE, e.g. 64GiB (units B,
                              KB, KiB, MB, MiB, GB, GiB, TB, TiB; default: 75 %
                              of the machine's physical memory).
      --max-events N          Refuse (before simulating) a run estimated to
                              process more than N events, e.g. 1e11 (default:
                              2e10, about an hour).
      -h, --help              Show help information.

    EXIT STATUS:
      0 the run finished and every expectation held; 1 an expectation failed
      (the report is still written) or the report could not be written;
      2 bad input or usage (also an unusable or refused --out, found before
      simulating, and a run over --max-memory or --max-events); 130, 143 or 129 the run was stopped by SIGINT,
      SIGTERM or SIGHUP (no report written, an earlier one is kept).

    """

  static let validate = """
    OVERVIEW: Check scenario files without running them. Prints 'FILE: ok'
    for each valid file and every problem of the others.

    USAGE: \(validateUsage)

    ARGUMENTS:
      FILE                    One or more scenario files.

    OPTIONS:
      -h, --help              Show help information.

    EXIT STATUS:
      0 every file is valid; 2 some file is not.

    """

  static let shardFor = """
    OVERVIEW: Print, for each partition key, its 128-bit MD5 hash key and the
    shard of a stream of N shards (split evenly, as CreateStream does) that
    owns it: KEY<TAB>HASH<TAB>SHARD_ID, one line per key in input order.

    USAGE: \(shardForUsage)

    ARGUMENTS:
      KEY                     One or more partition keys (UTF-8), each 1 to
                              256 characters (Unicode code points).

    OPTIONS:
      --shards N              Number of shards (1 ... 20000).
      --explicit-hash-key H   Place every KEY by the hash key H instead of its
                              MD5, as PutRecord's ExplicitHashKey does: HASH is
                              H on every line. H is decimal, 0 ... 2^128-1,
                              matching 0|([1-9]\\d{0,38}) (no sign, no leading
                              zeros). Given at most once; applies to all keys.
      --stdin                 Read the keys from standard input, one per line,
                              instead of KEY arguments (a CR that ends a line
                              is dropped; a final line feed ends the last
                              key). Every line is checked before anything is
                              printed; an empty or invalid line is an error
                              naming its line number.
      -h, --help              Show help information.

    EXIT STATUS:
      0 success; 2 bad usage, an invalid KEY, input line or H.

    """

  static let filterTest = """
    OVERVIEW: Evaluate an SNS subscription filter policy against one message.
    Prints 'match' (exit 0) or 'no match' with the first key that failed
    (exit 1). An invalid policy is bad input (exit 2).

    USAGE: \(filterTestUsage)

    OPTIONS:
      --policy FILE           The filter policy (JSON).
      --message FILE          For MessageAttributes scope: the attribute map in
                              SNS wire form; for MessageBody: the message body.
      --scope SCOPE           MessageAttributes (default) or MessageBody.
      -h, --help              Show help information.

    """

  static let bench = """
    OVERVIEW: Measure the simulator: scheduler events/s (hold model), an M/M/8
    queue at rho = 0.9 with 1,000,000 messages (as a bare struct-heap loop,
    through the model, and through 'msgsim run' on a scenario file with its
    ratio to the bare loop), the report's share of a one-day run of 100
    queues with one-minute periods, the time per event of 100, 300 and 1,000
    queues at equal work, a 10,000,000-message backlog built and drained, SNS
    filter evaluations/s, and an SNS fan-out to 10 queues for an hour. Prints
    figures and peak memory; each benchmark runs in its own process.

    USAGE: \(benchUsage)

    OPTIONS:
      --only NAME             Run one benchmark: hold, baseline, mmc, run-mmc,
                              report100, queues, backlog, filter, fanout, kinesis
                              or trucks.
      --quick                 Smaller sizes (a smoke test, not a measurement).
      -h, --help              Show help information.

    """

  static let metrics = """
    OVERVIEW: List the metric names summary.csv can report, one KIND<TAB>METRIC
    line each, in summary order (FIFO-only names last), from the simulator's
    own metric definitions: the names `expect` entries may use.

    USAGE: \(metricsUsage)

    OPTIONS:
      --kind KIND             Only this kind of resource.
      --conservation          Only the whole-run checks that must be 0
                              (MessagesLost, CountIdentityError,
                              FilterAccountingErrors).
      -h, --help              Show help information.

    Exit status: 0; 2 for a bad option.

    """

  static let forCommand: [String: String] = [
    "run": run, "validate": validate, "shard-for": shardFor, "filter-test": filterTest, "metrics": metrics,
    "bench": bench,
    "help": top,
  ]
}
