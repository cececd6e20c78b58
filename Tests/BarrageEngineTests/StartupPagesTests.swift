#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import BarrageEngine

struct StartupPagesTests {
    @Test func readsTheHeaderOfAReadOnlyFileMapping() throws {
        let mapping = try #require(StartupPages.parseHeader(
            "55745ef06000-55745efd9000 r-xp 00001000 08:01 1234   /usr/lib/x86_64-linux-gnu/libc.so.6\n"))
        #expect(mapping.start == 0x5574_5ef0_6000)
        #expect(mapping.end == 0x5574_5efd_9000)
        #expect(mapping.readOnlyFile)
    }

    @Test func leavesWritableSharedAndAnonymousMappingsAlone() throws {
        let lines = [
            "7f33a4000000-7f33a43c0000 rw-p 00000000 00:00 0 \n",
            "55747d0b9000-55747d10c000 rw-p 00000000 00:00 0                          [heap]\n",
            "7fff0d036000-7fff0d057000 r--p 00000000 00:00 0                          [vvar]\n",
            "55745efd9000-55746146c000 rw-p 01c6a000 08:01 99 /opt/coord\n",
            "7f0000000000-7f0000001000 r--s 00000000 08:01 77 /dev/shm/x\n",
        ]
        for line in lines {
            let mapping = try #require(StartupPages.parseHeader(line))
            #expect(!mapping.readOnlyFile, "\(line)")
        }
    }

    @Test func readsKilobyteFieldsAndSkipsOtherLines() {
        #expect(StartupPages.field("Rss:", "Rss:                2100 kB\n") == 2100)
        #expect(StartupPages.field("Anonymous:", "AnonHugePages:         0 kB\n") == nil)
        #expect(StartupPages.parseHeader("Rss:                2100 kB\n") == nil)
    }

    /// The real thing on this test process: only clean read-only file pages are dropped, the
    /// process keeps running (its code faults back in).
    @Test func dropsCleanCodePagesOfThisProcessAndKeepsRunning() {
        let before = StartupPages.cleanFileMappings()
        #expect(!before.isEmpty)
        #expect(before.allSatisfy { $0.readOnlyFile && $0.anonymousBytes == 0 })
        let released = StartupPages.release()
        #expect(released > 0)
        var numbers = (0..<1000).map { $0 * 7 % 13 }
        numbers.sort()
        #expect(numbers.first == 0 && numbers.last == 12)
    }
}
