/// Substring tests on ASCII-lowercased UTF-8 bytes. `String.contains(String)` goes through
/// Foundation's `NSString` on Linux, which is far too slow for checks that run on every
/// keyword and assignment target of a project.
struct WordList: Sendable {
    private let words: [[UInt8]]

    init(_ words: [String]) {
        self.words = words.map { Array($0.lowercased().utf8) }
    }

    /// ASCII-lowercased bytes of `text`.
    static func lowered(_ text: String) -> [UInt8] {
        text.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
    }

    /// Does `text` (ASCII case-insensitively) contain one of the words?
    func matches(_ text: String) -> Bool {
        matches(lowered: WordList.lowered(text))
    }

    func matches(lowered hay: [UInt8]) -> Bool {
        words.contains { WordList.contains(hay, $0) }
    }

    static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard hay.count >= needle.count else { return false }
        let first = needle[0]
        var i = 0
        let last = hay.count - needle.count
        while i <= last {
            if hay[i] == first {
                var j = 1
                while j < needle.count && hay[i + j] == needle[j] { j += 1 }
                if j == needle.count { return true }
            }
            i += 1
        }
        return false
    }
}
