#ifndef BARRAGE_CZLIB_SHIM_H
#define BARRAGE_CZLIB_SHIM_H
#include <zlib.h>
#endif
