#ifndef BARRAGE_CSNAPPY_SHIM_H
#define BARRAGE_CSNAPPY_SHIM_H
#include <stddef.h>
#include <snappy-c.h>
#endif
