// swift-tools-version:6.0
import PackageDescription

// msgsim has no package dependencies by design: only the Swift toolchain
// (standard library, Foundation, Dispatch, Swift Testing).
// The simulation core and the models are compiled with optimisation in debug
// builds too: `swift test` runs statistical validations and whole scenarios
// (golden reports) that are 20-50x slower at -Onone. Tests still see
// `@testable` internals (SwiftPM adds -enable-testing in debug).
let optimisedInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]
// Debug builds (so `swift test` and the golden tests) check the models'
// invariants at every period boundary (World+Invariants.swift).
let invariantsInDebug: [SwiftSetting] = [.define("MSGSIM_INVARIANTS", .when(configuration: .debug))]

let package = Package(
  name: "msgsim",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "msgsim", targets: ["msgsim"])
  ],
  targets: [
    // Clock, event heap, RNG, distributions, statistics: knows nothing of AWS.
    .target(name: "SimCore", swiftSettings: optimisedInDebug),
    // One model per AWS service, plus producers, consumers and the world.
    .target(name: "SimModels", dependencies: ["SimCore"], swiftSettings: optimisedInDebug + invariantsInDebug),
    // CSV, metrics tables, the summary table, expectations.
    .target(name: "Reporting", dependencies: ["SimCore", "SimModels"]),
    // Scenario files: JSON5 decoding, validation, overrides.
    .target(name: "ScenarioFormat", dependencies: ["SimCore", "SimModels"]),
    // The command line: parsing, commands, exit statuses, the benchmark.
    .target(name: "MsgsimCLI", dependencies: ["SimCore", "SimModels", "Reporting", "ScenarioFormat"]),
    .executableTarget(name: "msgsim", dependencies: ["MsgsimCLI"]),
    .testTarget(name: "SimCoreTests", dependencies: ["SimCore"]),
    .testTarget(name: "SimModelsTests", dependencies: ["SimCore", "SimModels"]),
    .testTarget(name: "ReportingTests", dependencies: ["SimCore", "SimModels", "Reporting"]),
    .testTarget(name: "ScenarioFormatTests", dependencies: ["SimCore", "SimModels", "ScenarioFormat"]),
    // Runs every shipped scenario in a separate msgsim process against Tests/Golden.
    .testTarget(name: "GoldenTests"),
    .testTarget(name: "CLITests", dependencies: ["MsgsimCLI", "ScenarioFormat", "Reporting", "SimModels", "SimCore"]),
  ]
)
