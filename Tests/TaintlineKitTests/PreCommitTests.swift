import Foundation
import Testing

/// The hooks of .pre-commit-hooks.yaml, run by real pre-commit on a throw-away repository.
@Suite struct PreCommitTests {
    /// Real pre-commit, pointed at this checkout: a commit with a planted bug, one with a
    /// planted credential and one with a vulnerable pin are refused; a clean one is accepted.
    @Test func preCommitHooksRefuseBugsSecretsAndVulnerablePinsAndAcceptCleanCommits() throws {
        let root = Packaging.root.path
        try #require(FileManager.default.isExecutableFile(atPath: Packaging.binary), "build the taintline product first (Scripts/test.sh does)")
        let venvBin = URL(fileURLWithPath: Packaging.python).deletingLastPathComponent().path
        try #require(FileManager.default.isExecutableFile(atPath: venvBin + "/pre-commit"),
                     "pre-commit is not installed beside \(Packaging.python): run Scripts/test.sh (it installs Tests/Support/requirements.lock)")
        // pre-commit clones the hook repository at a commit: the hooks under test must be committed.
        let head = try Packaging.run("/usr/bin/git", ["rev-parse", "HEAD"], cwd: root).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let changed = try Packaging.run("/usr/bin/git", ["status", "--porcelain", "--", ".pre-commit-hooks.yaml"], cwd: root).output
        try #require(changed.isEmpty, "commit .pre-commit-hooks.yaml first: pre-commit reads it from HEAD (\(head))")

        let dir = try Packaging.temporaryFolder("pre-commit")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let repo = dir + "/project"
        try FileManager.default.createDirectory(atPath: repo, withIntermediateDirectories: true)
        // No network, no user state: pre-commit's cache, git's config and Taintline's advisory cache are all in `dir`.
        let bin = URL(fileURLWithPath: Packaging.binary).deletingLastPathComponent().path
        let environment = ["PATH": "\(bin):\(venvBin):/usr/bin:/bin", "HOME": dir, "PRE_COMMIT_HOME": dir + "/pre-commit-cache",
                           "XDG_CACHE_HOME": dir + "/cache", "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C.UTF-8",
                           "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com", "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com"]
        func git(_ arguments: String...) throws -> Packaging.Run { try Packaging.run("/usr/bin/git", arguments, cwd: repo, environment: environment) }
        func write(_ path: String, _ text: String) throws { try text.write(toFile: repo + "/" + path, atomically: true, encoding: .utf8) }
        func commits() throws -> Int { Int(try git("rev-list", "--count", "HEAD").output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 }

        try #require(try git("init", "-q").status == 0)
        try write(".pre-commit-config.yaml", """
        repos:
        - repo: \(root)
          rev: \(head)
          hooks:
          - id: taintline
          - id: taintline-secrets
          - id: taintline-deps

        """)
        let install = try Packaging.run(venvBin + "/pre-commit", ["install"], cwd: repo, environment: environment)
        try #require(install.status == 0, "\(install.output)")

        // Clean: accepted.
        try write("app.py", """
        from flask import Flask, request
        from markupsafe import escape

        app = Flask(__name__)


        @app.route("/hello")
        def hello():
            return "Hello " + escape(request.args.get("name", ""))

        """)
        try write("requirements.txt", "flask==3.1.3\n")
        _ = try git("add", "-A")
        let clean = try git("commit", "-q", "-m", "clean app")
        #expect(clean.status == 0, "the clean commit was refused:\n\(clean.output)")
        #expect(try commits() == 1)

        // A planted command injection: refused by the code hook, nothing committed.
        try write("run.py", """
        import subprocess
        from flask import Flask, request

        app = Flask(__name__)


        @app.route("/run")
        def run():
            return subprocess.check_output(request.args["cmd"], shell=True)

        """)
        _ = try git("add", "run.py")
        let bug = try git("commit", "-q", "-m", "planted bug")
        #expect(bug.status != 0, "the commit with a planted bug was accepted:\n\(bug.output)")
        #expect(bug.output.contains("taintline (code)") && bug.output.contains("TL-B602"), "\(bug.output)")
        #expect(try commits() == 1)
        _ = try git("reset", "-q", "HEAD", "run.py")
        try FileManager.default.removeItem(atPath: repo + "/run.py")

        // A planted AWS key: refused by the secrets hook.
        try write("settings.py", "AWS_ACCESS_KEY_ID = \"AKIA" + "QWERTYUIOPASDFGH\"\nAWS_SECRET_ACCESS_KEY = \"" + "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8f3kLpTm" + "\"\n")
        _ = try git("add", "settings.py")
        let secret = try git("commit", "-q", "-m", "planted secret")
        #expect(secret.status != 0, "the commit with a credential was accepted:\n\(secret.output)")
        #expect(secret.output.contains("taintline (secrets)") && secret.output.contains("SECRET-"), "\(secret.output)")
        #expect(try commits() == 1)
        _ = try git("reset", "-q", "HEAD", "settings.py")
        try FileManager.default.removeItem(atPath: repo + "/settings.py")

        // A vulnerable pin: refused by the dependency hook (built-in snapshot, no download).
        try write("requirements.txt", "flask==0.12.2\n")
        _ = try git("add", "requirements.txt")
        let pin = try git("commit", "-q", "-m", "vulnerable pin")
        #expect(pin.status != 0, "the commit with a vulnerable pin was accepted:\n\(pin.output)")
        #expect(pin.output.contains("taintline (dependencies)") && pin.output.contains("DEP-VULN"), "\(pin.output)")
        #expect(try commits() == 1)

        // Back to a safe pin: accepted.
        try write("requirements.txt", "flask==3.1.3\nmarkupsafe==3.0.2\n")
        _ = try git("add", "requirements.txt")
        let fixed = try git("commit", "-q", "-m", "safe pins")
        #expect(fixed.status == 0, "the clean commit was refused:\n\(fixed.output)")
        #expect(try commits() == 2)
    }
}
