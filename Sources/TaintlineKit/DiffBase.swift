import Foundation
import Reporting
import Workspace

/// Reads what changed since `--diff-base REF` from git.
///
/// The change is the one a pull request shows plus what is not committed yet: the working tree
/// (staged or not, and untracked files that .gitignore does not exclude) compared with the merge
/// base of REF and HEAD, as `git diff $(git merge-base REF HEAD)` prints it. A branch that is
/// behind REF is therefore not charged with REF's own newer commits.
public enum DiffBase {
    /// The changed lines of the repository that holds `directory`. Throws `UsageError` (exit 2)
    /// when it is not in a repository, REF names no commit, REF and HEAD share no history, or git
    /// cannot be run.
    public static func changedLines(base: String, directory: String) throws -> ChangedLines {
        guard !base.isEmpty, !base.hasPrefix("-") else { throw UsageError("--diff-base: '\(base)' is not a git revision") }
        func git(_ arguments: [String], in folder: String = directory) throws -> (status: Int32, output: String) {
            do { return try Git.output(arguments, in: folder) } catch { throw UsageError("--diff-base: \(error)") }
        }
        let top = try git(["rev-parse", "--show-toplevel"])
        let root = top.output.trimmingCharacters(in: .newlines)
        guard top.status == 0, !root.isEmpty else {
            throw UsageError("--diff-base: \(directory) is not in a git repository (or git is not installed)")
        }
        guard try git(["rev-parse", "--verify", "--quiet", base + "^{commit}"]).status == 0 else {
            throw UsageError("--diff-base: unknown revision '\(base)' in \(root) (a branch, tag or commit; in a shallow CI clone, fetch it first)")
        }
        guard try git(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]).status == 0 else {
            throw UsageError("--diff-base: the repository at \(root) has no commit yet")
        }
        let mergeBase = try git(["merge-base", base, "HEAD"])
        let commit = mergeBase.output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard mergeBase.status == 0, !commit.isEmpty else {
            throw UsageError("--diff-base: '\(base)' and HEAD have no common history (in a shallow CI clone, fetch more of it)")
        }

        // Fixed prefixes and no renames-by-configuration surprises: the parser reads `+++ b/path`.
        // No external diff, no textconv: git starts no program of the repository's configuration.
        var parser = ChangedLines.DiffParser()
        let diffStatus: Int32
        do {
            diffStatus = try Git.run(["diff", "--unified=0", "--no-color", "--no-ext-diff", "--no-textconv", "--find-renames",
                                      "--src-prefix=a/", "--dst-prefix=b/", "--ignore-submodules", commit, "--"], in: root) { parser.feed($0) }
        } catch {
            throw UsageError("--diff-base: \(error)")
        }
        guard diffStatus == 0 else { throw UsageError("--diff-base: git diff \(commit.prefix(12)) failed in \(root) (exit status \(diffStatus))") }
        var files = parser.finish()

        var listing = Data()
        let untrackedStatus: Int32
        do {
            untrackedStatus = try Git.run(["ls-files", "--others", "--exclude-standard", "-z"], in: root) { listing.append($0) }
        } catch {
            throw UsageError("--diff-base: \(error)")
        }
        guard untrackedStatus == 0 else { throw UsageError("--diff-base: git ls-files failed in \(root) (exit status \(untrackedStatus))") }
        files.merge(ChangedLines.untracked(listing)) { _, untracked in untracked }

        return ChangedLines(base: base, commit: commit, repositoryRoot: realPath(root), files: files)
    }

    /// The folder git should run in for these scan roots: the first root, or its folder when it is a file.
    public static func directory(for roots: [String]) -> String {
        SourceLines.baseDirectory(roots) ?? "."
    }

    static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
