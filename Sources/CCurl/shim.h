#ifndef BARRAGE_CCURL_SHIM_H
#define BARRAGE_CCURL_SHIM_H
/* libcurl's setopt/getinfo are C variadics, which Swift cannot call: one typed wrapper per argument type. */
#include <curl/curl.h>
/* The event loop that drives curl: epoll and eventfd are not in Swift's Glibc module. */
#include <sys/epoll.h>
#include <sys/eventfd.h>

static inline CURLcode barrage_easy_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode barrage_easy_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode barrage_easy_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode barrage_easy_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode barrage_easy_setopt_off_t(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }

typedef size_t (*barrage_write_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);
static inline CURLcode barrage_easy_setopt_write_function(CURL *h, barrage_write_callback cb) {
    return curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, cb);
}
static inline CURLcode barrage_easy_setopt_header_function(CURL *h, barrage_write_callback cb) {
    return curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, cb);
}

static inline CURLcode barrage_easy_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode barrage_easy_getinfo_off_t(CURL *h, CURLINFO i, curl_off_t *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode barrage_easy_getinfo_pointer(CURL *h, CURLINFO i, void **v) { return curl_easy_getinfo(h, i, v); }

static inline CURLMcode barrage_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return curl_multi_setopt(m, o, v); }
static inline CURLMcode barrage_multi_setopt_pointer(CURLM *m, CURLMoption o, void *v) { return curl_multi_setopt(m, o, v); }
static inline CURLMcode barrage_multi_setopt_socket_function(CURLM *m, curl_socket_callback cb) {
    return curl_multi_setopt(m, CURLMOPT_SOCKETFUNCTION, cb);
}
static inline CURLMcode barrage_multi_setopt_timer_function(CURLM *m, curl_multi_timer_callback cb) {
    return curl_multi_setopt(m, CURLMOPT_TIMERFUNCTION, cb);
}

static inline CURLcode barrage_easy_setopt_opensocket_function(CURL *h, curl_opensocket_callback cb) {
    return curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, cb);
}

/* CURLMsg.data is a union; Swift sees it but reading .result is clearer here. */
static inline CURLcode barrage_msg_result(CURLMsg *msg) { return msg->data.result; }

#endif
