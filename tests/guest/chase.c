/* chase: pointer chasing around a single random cycle (Sattolo shuffle) of 256 Ki nodes
 * spread over 16 MiB: a load-latency and TLB workload. */
#include "rt.h"
#include "bench.h"

typedef struct Node { struct Node *next; uint64_t val; uint64_t pad[6]; } Node;
static Node nodes[CHASE_NODES];
static uint32_t perm[CHASE_NODES];

int main(void)
{
    uint64_t s = 7;
    for (uint32_t i = 0; i < CHASE_NODES; i++)
        perm[i] = i;
    for (uint32_t i = CHASE_NODES - 1; i > 0; i--) {
        uint32_t j = bench_rand(&s) % i;        /* Sattolo: one cycle through every node */
        uint32_t t = perm[i]; perm[i] = perm[j]; perm[j] = t;
    }
    for (uint32_t i = 0; i < CHASE_NODES; i++) {
        nodes[perm[i]].next = &nodes[perm[(i + 1) % CHASE_NODES]];
        nodes[i].val = i * 2654435761u;
    }
    Node *p = &nodes[0];
    uint64_t sum = 0;
    for (uint32_t k = 0; k < CHASE_STEPS; k++) {
        sum += p->val ^ k;
        p = p->next;
    }
    printf("chase: %u steps over %u nodes, sum 0x%016lx, end node %lu\n", CHASE_STEPS,
           CHASE_NODES, sum, (uint64_t)(p - nodes));
    /* One full cycle returns to the start. */
    p = &nodes[0];
    for (uint32_t k = 0; k < CHASE_NODES; k++)
        p = p->next;
    CHECK("single cycle", p - nodes, 0);
    return rt_report("chase");
}
