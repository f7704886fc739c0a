/* Layout of the exception frame saved by crt0.S (shared by the assembly and rt.h). */
#define FRAME_X30   240
#define FRAME_ELR   248
#define FRAME_SPSR  256
#define FRAME_ESR   264
#define FRAME_FAR   272
#define FRAME_SP0   280
#define FRAME_VEC   288
#define FRAME_SIZE  304
