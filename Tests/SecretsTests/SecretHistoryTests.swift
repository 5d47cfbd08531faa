import Findings
import Foundation
import Testing
@testable import Secrets

/// Runs git with an argument list in `directory`; returns the exit status.
@discardableResult
func git(_ arguments: [String], in directory: String) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "-C", directory] + arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}

func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "taintline-secrets-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Test func historyReportsRemovedAndPresentSecretsOnce() throws {
    let repo = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: repo) }
    guard (try? git(["init", "-q"], in: repo)) == 0 else { return }  // no git on this machine: nothing to test
    try git(["config", "user.email", "t@example.com"], in: repo)
    try git(["config", "user.name", "Test"], in: repo)
    var tokens = Tokens(rng: SeededGenerator(state: 99))
    let removed = tokens.checksummed("ghp_")
    let kept = "AKIA" + tokens.random(Alphabet.upperAlnum, 16)
    let file = repo + "/settings.py"
    try "import os\nGITHUB = '\(removed)'\nAWS = '\(kept)'\n".write(toFile: file, atomically: true, encoding: .utf8)
    try git(["add", "settings.py"], in: repo)
    try git(["commit", "-qm", "one"], in: repo)
    try "import os\nAWS = '\(kept)'\nGITHUB = os.environ['GITHUB']\n".write(toFile: file, atomically: true, encoding: .utf8)
    try git(["commit", "-qam", "two"], in: repo)

    let result = try SecretHistory.scan(repository: repo)
    let byRule = Dictionary(grouping: result.findings, by: \.ruleID)
    let github = try #require(byRule["SECRET-GITHUB-TOKEN"]?.first)
    #expect(byRule["SECRET-GITHUB-TOKEN"]?.count == 1)
    #expect(github.location.startLine == 2)
    #expect(github.properties["stillInHEAD"] == "false")
    #expect(github.description.contains("stays in history"))
    #expect(github.properties["commit"]?.count == 40)
    let aws = try #require(byRule["SECRET-AWS-ACCESS-KEY"]?.first)
    #expect(byRule["SECRET-AWS-ACCESS-KEY"]?.count == 1)
    #expect(aws.location.startLine == 3)  // the line where it was first added
    #expect(aws.properties["stillInHEAD"] == "true")
    let spans = result.findings.flatMap(\.redactions)
    #expect(!spans.isEmpty)
    let printed = result.findings.map { [$0.description, RedactedSpan.mask($0.snippet ?? "", spans)] + Array($0.properties.values) }.joined().joined()
    #expect(!printed.contains(removed) && !printed.contains(kept))
}

@Test func historyOutsideARepositoryIsAnError() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    #expect(throws: SecretHistoryError.self) { try SecretHistory.scan(repository: directory + "/missing") }
}

@Test func batchScanGivesEveryFileAnOutcome() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var tokens = Tokens(rng: SeededGenerator(state: 5))
    let token = tokens.checksummed("npm_")
    try "//registry.npmjs.org/:_authToken=\(token)\n".write(toFile: directory + "/.npmrc", atomically: true, encoding: .utf8)
    try Data([0x7F, 0x45, 0x4C, 0x46, 0, 0]).write(to: URL(fileURLWithPath: directory + "/a.out"))
    let files = [".npmrc", "a.out", "missing.txt"].map { SecretFile(path: directory + "/" + $0, displayPath: $0) }
    let batch = SecretScanner.scan(files: files, jobs: 2)
    #expect(batch.findings.map(\.ruleID) == ["SECRET-NPM-TOKEN"])
    #expect(batch.outcomes.map(\.path) == [".npmrc", "a.out", "missing.txt"])
    #expect(batch.outcomes[0].status == .scanned(partial: false))
    #expect(batch.outcomes[1].status == .skipped(reason: "binary file"))
    if case .failed = batch.outcomes[2].status {} else { Issue.record("a missing file must fail") }
}
