#ifndef BARRAGE_COPENSSL_SHIM_H
#define BARRAGE_COPENSSL_SHIM_H
// The system's libcrypto (OpenSSL 3, which libcurl links too): HMAC-SHA256 and a constant-time
// compare for the control channel's token handshake and key (BarrageWire's HMACSHA256), SHA-256
// for the report page's Content-Security-Policy (BarrageResults' ReportPolicy).
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#endif
