import Foundation
import Testing

@testable import MsgsimCLI

/// A run replaces only a report msgsim wrote (a folder with its manifest);
/// anything else at `--out/<name>` is refused with exit 2, naming it, and is
/// left exactly as it was.
@Suite("Report folders are msgsim's own")
struct ReportFolderSafetyTests {
  let fm = FileManager.default

  /// Runs the tiny scenario into `out`, with `--set` arguments.
  func run(in folder: String, out: String, _ sets: [String] = []) -> CommandOutput {
    let scenario = write(tinyScenario, to: "tiny.json5", in: folder)
    return executeMsgsim(["run", scenario, "--out", out, "--quiet"] + sets.flatMap { ["--set", $0] })
  }

  @Test("a scenario named like a source folder does not delete it (--out . --set name=Sources)")
  func foreignFolder() throws {
    let folder = temporaryFolder()
    defer { try? fm.removeItem(atPath: folder) }
    try fm.createDirectory(atPath: folder + "/Sources/Lib", withIntermediateDirectories: true)
    _ = write("let x = 1\n", to: "Sources/Lib/main.swift", in: folder)
    let output = run(in: folder, out: folder, ["name=Sources"])
    #expect(output.status == 2)
    #expect(output.stdout.isEmpty)
    #expect(
      output.stderr.hasPrefix(
        "Error: --out \(folder): '\(folder)/Sources' is a folder msgsim did not write (it has no manifest.json); "
          + "msgsim replaces only the report folders it writes"), "\(output.stderr)")
    #expect(fm.contents(atPath: folder + "/Sources/Lib/main.swift") == Data("let x = 1\n".utf8))
    // Nothing was written beside it either.
    #expect(try fm.contentsOfDirectory(atPath: folder).sorted() == ["Sources", "tiny.json5"])
  }

  @Test("a file, a symbolic link and a dangling symbolic link at the target are refused and kept")
  func fileAndLinks() throws {
    let folder = temporaryFolder()
    defer { try? fm.removeItem(atPath: folder) }
    let out = folder + "/out"
    try fm.createDirectory(atPath: out, withIntermediateDirectories: true)
    _ = write("mine", to: "out/file", in: folder)
    try fm.createDirectory(atPath: folder + "/elsewhere", withIntermediateDirectories: true)
    _ = write("precious", to: "elsewhere/data.txt", in: folder)
    try fm.createSymbolicLink(atPath: out + "/link", withDestinationPath: folder + "/elsewhere")
    try fm.createSymbolicLink(atPath: out + "/dangling", withDestinationPath: folder + "/nowhere")

    let file = run(in: folder, out: out, ["name=file"])
    #expect(file.status == 2)
    #expect(file.stderr.hasPrefix("Error: --out \(out): '\(out)/file' is a file, not a report folder; "), "\(file.stderr)")
    #expect(fm.contents(atPath: out + "/file") == Data("mine".utf8))

    let link = run(in: folder, out: out, ["name=link"])
    #expect(link.status == 2)
    #expect(
      link.stderr.hasPrefix("Error: --out \(out): '\(out)/link' is a symbolic link (to '\(folder)/elsewhere'), not a report folder; "),
      "\(link.stderr)")
    #expect(try fm.destinationOfSymbolicLink(atPath: out + "/link") == folder + "/elsewhere")
    #expect(try fm.contentsOfDirectory(atPath: folder + "/elsewhere") == ["data.txt"])

    let dangling = run(in: folder, out: out, ["name=dangling"])
    #expect(dangling.status == 2)
    #expect(
      dangling.stderr.hasPrefix(
        "Error: --out \(out): '\(out)/dangling' is a symbolic link to '\(folder)/nowhere', which does not exist; "),
      "\(dangling.stderr)")
    #expect(!dangling.stderr.contains("already exists"))
    #expect(try fm.destinationOfSymbolicLink(atPath: out + "/dangling") == folder + "/nowhere")
    #expect(try fm.contentsOfDirectory(atPath: out).sorted() == ["dangling", "file", "link"])
  }

  @Test("a dangling symbolic link as --out (or on its way) says what it is")
  func danglingOut() throws {
    let folder = temporaryFolder()
    defer { try? fm.removeItem(atPath: folder) }
    try fm.createSymbolicLink(atPath: folder + "/reports", withDestinationPath: folder + "/gone")
    let direct = run(in: folder, out: folder + "/reports")
    #expect(direct.status == 2)
    #expect(
      direct.stderr
        == "Error: --out \(folder)/reports: '\(folder)/reports' is a symbolic link to '\(folder)/gone', which does not exist\n")
    let under = run(in: folder, out: folder + "/reports/x")
    #expect(under.status == 2)
    #expect(
      under.stderr
        == "Error: --out \(folder)/reports/x: cannot create the folder: '\(folder)/reports' is a symbolic link to '\(folder)/gone', which does not exist\n")
    #expect(!fm.fileExists(atPath: folder + "/gone"))
  }

  @Test("a report msgsim wrote is replaced; one the user added files to is not")
  func ownReports() throws {
    let folder = temporaryFolder()
    defer { try? fm.removeItem(atPath: folder) }
    let out = folder + "/out"
    #expect(run(in: folder, out: out).status == 0)
    #expect(try fm.contentsOfDirectory(atPath: out + "/tiny").sorted() == ["events.csv", "manifest.json", "metrics.csv", "summary.csv"])
    let second = run(in: folder, out: out, ["seed=4"])
    #expect(second.status == 0, "\(second.stderr)")
    #expect(try String(contentsOfFile: out + "/tiny/manifest.json", encoding: .utf8).contains("\"seed\": 4"))
    _ = write("my notes", to: "out/tiny/notes.txt", in: folder)
    let refused = run(in: folder, out: out)
    #expect(refused.status == 2)
    #expect(refused.stderr.hasPrefix("Error: --out \(out): '\(out)/tiny' holds files msgsim did not write (notes.txt); "), "\(refused.stderr)")
    #expect(fm.contents(atPath: out + "/tiny/notes.txt") == Data("my notes".utf8))
    // A manifest.json of another program does not make a folder msgsim's.
    try fm.createDirectory(atPath: out + "/web", withIntermediateDirectories: true)
    _ = write(#"{"name": "My App", "icons": []}"#, to: "out/web/manifest.json", in: folder)
    let web = run(in: folder, out: out, ["name=web"])
    #expect(web.status == 2)
    #expect(web.stderr.contains("'\(out)/web' is a folder msgsim did not write (its manifest.json is not an msgsim report manifest)"), "\(web.stderr)")
    #expect(try fm.contentsOfDirectory(atPath: out + "/web") == ["manifest.json"])
  }

  @Test("a report from before manifests (exactly the three CSV files) and an empty folder may be replaced")
  func legacyAndEmpty() throws {
    let folder = temporaryFolder()
    defer { try? fm.removeItem(atPath: folder) }
    let out = folder + "/out"
    try fm.createDirectory(atPath: out + "/tiny", withIntermediateDirectories: true)
    _ = write("time_s,resource,metric,value\n", to: "out/tiny/metrics.csv", in: folder)
    _ = write("resource,metric,value\n", to: "out/tiny/summary.csv", in: folder)
    _ = write("time_s,resource,event,detail\n", to: "out/tiny/events.csv", in: folder)
    let legacy = run(in: folder, out: out)
    #expect(legacy.status == 0, "\(legacy.stderr)")
    #expect(fm.fileExists(atPath: out + "/tiny/manifest.json"))
    try fm.createDirectory(atPath: out + "/empty", withIntermediateDirectories: true)
    #expect(run(in: folder, out: out, ["name=empty"]).status == 0)
    #expect(fm.fileExists(atPath: out + "/empty/manifest.json"))
    // Three files with the right names but other contents are not a report.
    try fm.createDirectory(atPath: out + "/other", withIntermediateDirectories: true)
    for name in ["metrics.csv", "summary.csv", "events.csv"] { _ = write("a,b\n", to: "out/other/\(name)", in: folder) }
    #expect(run(in: folder, out: out, ["name=other"]).status == 2)
    #expect(fm.contents(atPath: out + "/other/metrics.csv") == Data("a,b\n".utf8))
  }

  @Test("the manifest names msgsim's version, the scenario file, the seed and the overrides; the same run gives the same bytes")
  func manifestContent() throws {
    let folder = temporaryFolder()
    defer { try? fm.removeItem(atPath: folder) }
    let scenario = write(tinyScenario, to: "tiny.json5", in: folder)
    for out in ["a", "b"] {
      let output = executeMsgsim(["run", scenario, "--out", folder + "/" + out, "--quiet", "--set", "consumers.workers.count=3"])
      #expect(output.status == 0, "\(output.stderr)")
    }
    let a = try #require(fm.contents(atPath: folder + "/a/tiny/manifest.json"))
    #expect(a == fm.contents(atPath: folder + "/b/tiny/manifest.json"))
    #expect(
      String(decoding: a, as: UTF8.self) == """
        {
          "format": "msgsim-report",
          "msgsimVersion": "\(msgsimVersion)",
          "name": "tiny",
          "scenario": "\(scenario)",
          "seed": 3,
          "overrides": ["consumers.workers.count=3"],
          "files": ["metrics.csv", "summary.csv", "events.csv"]
        }

        """)
  }
}
