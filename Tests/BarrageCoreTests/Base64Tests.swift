import Testing
@testable import BarrageCore

struct Base64Tests {
    @Test(arguments: [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="),
                      ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")])
    func matchesRFC4648Vectors(plain: String, encoded: String) throws {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(try Base64.decode(encoded).get() == Array(plain.utf8))
    }

    @Test func roundTripsEveryByte() throws {
        let bytes = (0...255).map(UInt8.init) + [0xFB, 0xFF]
        let text = Base64.encode(bytes)
        #expect(text.contains("+") && text.contains("/"))
        #expect(try Base64.decode(text).get() == bytes)
    }

    @Test(arguments: [("Zg=", 3), ("Z===", 1), ("Zg==Zg==", 2), ("Zm9v!A==", 4), ("=Zm9", 0), ("Zm=v", 3), ("Zé=", 1)])
    func rejectsInvalidText(text: String, offset: Int) {
        #expect(throws: Base64DecodeFailure(offset: offset)) { try Base64.decode(text).get() }
    }
}
