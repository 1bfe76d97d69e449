import Foundation
import SimCore
import SimModels

/// The largest `--shards` value `msgsim shard-for` accepts: the current
/// provisioned shard quota per account in the large Regions (docs/model.md §8.3).
public let shardForMaxShards = 20_000

/// Why `key` is not a valid partition key (`is empty …`, `is 257 Unicode
/// code points long …`), or `nil` when it is one: 1 to
/// `KinesisLimits.maxPartitionKeyLength` code points (docs/model.md §8.1).
func partitionKeyProblem(_ key: String) -> String? {
  let longest = KinesisLimits.maxPartitionKeyLength
  let bound = "(PartitionKey is 1 to \(longest) code points)"
  let length = key.unicodeScalars.count
  if length == 0 { return "is empty \(bound)" }
  if length > longest {
    return "is \(length) Unicode code points long, above the maximum of \(longest) \(bound)"
  }
  return nil
}

/// The pattern of Kinesis's `ExplicitHashKey` parameter (PutRecord,
/// PutRecords): a decimal 128-bit hash key, `0` or up to 39 ASCII digits
/// without a leading zero or a sign (docs/model.md §8.5).
public let explicitHashKeyPattern = #"0|([1-9]\d{0,38})"#

/// `text` read as an explicit hash key, or why it is not one.
///
/// It must match `explicitHashKeyPattern` exactly (`01`, `-1`, `+1`, ` 1`
/// and non-ASCII digits are refused) and lie in `0 ... 2¹²⁸ − 1`
/// (`HashKeyRange.all`); the messages name the pattern or the bound.
func parseExplicitHashKey(_ text: String) -> Result<UInt128, ExplicitHashKeyProblem> {
  switch ExplicitHashKeyText(text) {
  case .value(let value): return .success(value)
  case .notThePattern:
    return .failure(
      ExplicitHashKeyProblem(
        message: "'--explicit-hash-key' takes a decimal hash key matching \(explicitHashKeyPattern) "
          + "(ExplicitHashKey: no sign, no leading zeros), not '\(text)'"))
  case .aboveTheMaximum:
    return .failure(
      ExplicitHashKeyProblem(
        message: "'--explicit-hash-key' \(text) is above the maximum of \(UInt128.max) "
          + "(hash keys are 0 to 2^128-1)"))
  }
}

/// Why a `--explicit-hash-key` value was refused.
struct ExplicitHashKeyProblem: Error, Equatable {
  /// The message for the user, naming the pattern or the bound.
  var message: String
}

/// The output of `msgsim shard-for --shards shardCount KEY...`: one line per
/// key, `KEY<TAB>HASH<TAB>SHARD_ID`, in the order given.
///
/// HASH is the decimal 128-bit hash key Kinesis computes for the partition
/// key (MD5 of its UTF-8 bytes, read big-endian); SHARD_ID is the
/// `shardId-000000000000`-style ID of the shard whose range, as
/// `CreateStream` splits the hash key space evenly over `shardCount` shards,
/// contains it. Lines carry no trailing newline.
///
/// With `explicitHashKey` (`--explicit-hash-key H`) the keys are not hashed:
/// as Kinesis's `ExplicitHashKey` overrides the partition key hash, HASH is
/// `explicitHashKey` on every line and SHARD_ID the shard whose range
/// contains it (docs/model.md §8.5).
///
/// The range table is built once, so the cost is one MD5 and one binary
/// search per key.
///
/// - Precondition: `1 <= shardCount`; the command line checks the upper
///   bound `shardForMaxShards` and reports bad values before calling.
public func shardForLines(shardCount: Int, keys: [String], explicitHashKey: UInt128? = nil) -> [String] {
  let ranges = ShardLayout.evenSplit(shardCount: shardCount)
  // One hash for every key: its shard is found once.
  let explicit = explicitHashKey.map { hash in
    "\t\(hash)\t\(ShardLayout.shardId(ShardLayout.shardIndex(forHashKey: hash, in: ranges)))"
  }
  return keys.map { key in
    if let explicit { return key + explicit }
    let hash = MD5.hash128(utf8: key)
    let index = ShardLayout.shardIndex(forHashKey: hash, in: ranges)
    return "\(key)\t\(hash)\t\(ShardLayout.shardId(index))"
  }
}

/// The partition keys of `shard-for --stdin`: one per line of `input`, in
/// order, or the first line that is not a valid partition key.
///
/// Lines end at LF; one CR before the LF (CRLF input), or at the end of a
/// last line without LF, is dropped. The empty string after a final LF is
/// not a line, so empty input has no keys; any other empty line is an
/// invalid (empty) key. A line must be valid UTF-8 and 1 to
/// `KinesisLimits.maxPartitionKeyLength` code points long. Lines are
/// numbered from 1. Runs in time linear in the input.
func partitionKeys(fromLines input: [UInt8]) -> Result<[String], StandardInputProblem> {
  var lines = input.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
  if lines.last?.isEmpty == true { lines.removeLast() }
  var keys: [String] = []
  keys.reserveCapacity(lines.count)
  for (index, var line) in lines.enumerated() {
    if line.last == UInt8(ascii: "\r") { line.removeLast() }
    let key = String(decoding: line, as: UTF8.self)
    // Decoding repairs ill-formed bytes with U+FFFD; a repaired line is refused,
    // since its hash would not be the hash of the bytes given.
    guard key.utf8.elementsEqual(line) else {
      return .failure(StandardInputProblem(line: index + 1, problem: "is not valid UTF-8"))
    }
    if let problem = partitionKeyProblem(key) {
      return .failure(StandardInputProblem(line: index + 1, problem: problem))
    }
    keys.append(key)
  }
  return .success(keys)
}

/// A line of `shard-for --stdin` input that is not a valid partition key.
struct StandardInputProblem: Error, Equatable {
  /// The line number, from 1.
  var line: Int
  /// What is wrong with it, as `partitionKeyProblem` words it
  /// (`is empty (PartitionKey is 1 to 256 code points)`).
  var problem: String

  /// `partition key on line 2 of standard input is empty (…)`.
  var message: String { "partition key on line \(line) of standard input \(problem)" }
}

/// Everything readable from file descriptor `descriptor` (standard input
/// for `shard-for --stdin`) until end of file, or the reason a read failed
/// (`strerror`), never a trap.
func readToEndOfFile(_ descriptor: Int32) -> Result<[UInt8], StandardInputReadError> {
  var data: [UInt8] = []
  var buffer = [UInt8](repeating: 0, count: 65_536)
  while true {
    let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
    if count > 0 {
      data.append(contentsOf: buffer[..<count])
    } else if count == 0 {
      return .success(data)
    } else if errno != EINTR {
      return .failure(StandardInputReadError(reason: String(cString: strerror(errno))))
    }
  }
}

/// A read of standard input that failed (`Is a directory`).
struct StandardInputReadError: Error, Equatable {
  /// `strerror` of the failed read.
  var reason: String
}
