/*
 * A stand-in for libnvidia-ml.so.1 used by the collector tests. It exports the NVML functions Gridscope calls,
 * with the signatures, struct layouts and return codes of nvml.h, and answers from a scenario file named by the
 * environment variable FAKE_NVML_SCENARIO.
 *
 * Scenario format: one "key=value" per line, '#' starts a comment. The file is re-read whenever it changes
 * (tests replace it atomically), so a test can make a GPU fall off the bus, reset its energy counter, or inject
 * XID events between collection passes.
 *
 *   init=<nvmlReturn_t>            what nvmlInit_v2 returns (default 0; 18 = driver/library mismatch)
 *   driver=, nvml=, cuda=          system versions
 *   gpus=<n>                       number of GPUs
 *   gpu.<i>.<field>=<value>        a per-GPU value; a field that is not listed answers NVML_ERROR_NOT_SUPPORTED
 *   gpu.<i>.lost=1                 every call on that GPU answers NVML_ERROR_GPU_IS_LOST
 *   gpu.<i>.proc=<pid>:<c|g>:<usedBytes>:<gi>:<ci>               a running process (repeatable)
 *   gpu.<i>.putil=<pid>:<timestampUs>:<sm>:<mem>:<enc>:<dec>      a process utilisation sample (repeatable)
 *   mig.<i>.<j>.<field>=<value>    a MIG device j of GPU i (mig_count on the parent gives how many)
 *   event=<id>:<gpu>:<typeMask>:<data>:<gi>:<ci>                 an event, delivered once per id
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef int nvmlReturn_t;
#define NVML_SUCCESS 0
#define NVML_ERROR_UNINITIALIZED 1
#define NVML_ERROR_INVALID_ARGUMENT 2
#define NVML_ERROR_NOT_SUPPORTED 3
#define NVML_ERROR_NOT_FOUND 6
#define NVML_ERROR_INSUFFICIENT_SIZE 7
#define NVML_ERROR_TIMEOUT 10
#define NVML_ERROR_GPU_IS_LOST 15
#define NVML_ERROR_LIB_RM_VERSION_MISMATCH 18
#define NVML_ERROR_ARGUMENT_VERSION_MISMATCH 25
#define NVML_ERROR_UNKNOWN 999

#define MAX_GPUS 8
#define MAX_MIG 7
#define MAX_ENTRIES 1024
#define MAX_DELIVERED 1024

typedef struct fake_device {
    int gpu;
    int mig; /* -1 for the physical GPU */
} fake_device;
typedef fake_device *nvmlDevice_t;

typedef struct {
    unsigned long long total, free, used;
} nvmlMemory_t;
typedef struct {
    unsigned int version;
    unsigned long long total, reserved, free, used;
} nvmlMemory_v2_t;
#define NVML_STRUCT_VERSION(size, ver) ((unsigned int)((size) | ((ver) << 24U)))
#define nvmlMemory_v2 NVML_STRUCT_VERSION(sizeof(nvmlMemory_v2_t), 2)

typedef struct {
    unsigned int gpu, memory;
} nvmlUtilization_t;
typedef struct {
    char busIdLegacy[16];
    unsigned int domain, bus, device, pciDeviceId, pciSubSystemId;
    char busId[32];
} nvmlPciInfo_t;
typedef struct {
    unsigned int pid;
    unsigned long long usedGpuMemory;
    unsigned int gpuInstanceId, computeInstanceId;
} nvmlProcessInfo_t;
typedef struct {
    unsigned int pid;
    unsigned long long timeStamp;
    unsigned int smUtil, memUtil, encUtil, decUtil;
} nvmlProcessUtilizationSample_t;
typedef struct {
    nvmlDevice_t device;
    unsigned long long eventType, eventData;
    unsigned int gpuInstanceId, computeInstanceId;
} nvmlEventData_t;
typedef union {
    double dVal;
    unsigned int uiVal;
    unsigned long ulVal;
    unsigned long long ullVal;
    signed long long sllVal;
    signed int siVal;
    unsigned short usVal;
} nvmlValue_t;
typedef struct {
    unsigned int fieldId, scopeId;
    long long timestamp, latencyUsec;
    int valueType;
    nvmlReturn_t nvmlReturn;
    nvmlValue_t value;
} nvmlFieldValue_t;
typedef struct fake_event_set {
    unsigned long long mask[MAX_GPUS];
} *nvmlEventSet_t;

#define NVML_FI_DEV_MEMORY_TEMP 82
#define NVML_VALUE_TYPE_UNSIGNED_INT 1

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char keys[MAX_ENTRIES][96];
static char values[MAX_ENTRIES][160];
static int entry_count;
static struct stat loaded_stat;
static int loaded;
static int init_count;
static fake_device devices[MAX_GPUS][MAX_MIG + 1];
static long delivered[MAX_DELIVERED];
static int delivered_count;

static void reload_locked(void) {
    const char *path = getenv("FAKE_NVML_SCENARIO");
    struct stat st;
    if (path == NULL || stat(path, &st) != 0) {
        entry_count = 0;
        loaded = 0;
        return;
    }
    if (loaded && st.st_ino == loaded_stat.st_ino && st.st_size == loaded_stat.st_size
        && st.st_mtim.tv_sec == loaded_stat.st_mtim.tv_sec && st.st_mtim.tv_nsec == loaded_stat.st_mtim.tv_nsec) {
        return;
    }
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return;
    }
    entry_count = 0;
    char line[300];
    while (fgets(line, sizeof line, f) != NULL && entry_count < MAX_ENTRIES) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0') {
            continue;
        }
        char *eq = strchr(line, '=');
        if (eq == NULL) {
            continue;
        }
        *eq = '\0';
        snprintf(keys[entry_count], sizeof keys[0], "%s", line);
        snprintf(values[entry_count], sizeof values[0], "%s", eq + 1);
        entry_count++;
    }
    fclose(f);
    loaded_stat = st;
    loaded = 1;
}

static const char *get_locked(const char *key) {
    for (int i = 0; i < entry_count; i++) {
        if (strcmp(keys[i], key) == 0) {
            return values[i];
        }
    }
    return NULL;
}

static const char *global(const char *key) {
    reload_locked();
    return get_locked(key);
}

static int gpu_count_locked(void) {
    const char *v = get_locked("gpus");
    int n = v == NULL ? 0 : atoi(v);
    return n > MAX_GPUS ? MAX_GPUS : n;
}

static void device_key(nvmlDevice_t d, const char *field, char *out, size_t size) {
    if (d->mig < 0) {
        snprintf(out, size, "gpu.%d.%s", d->gpu, field);
    } else {
        snprintf(out, size, "mig.%d.%d.%s", d->gpu, d->mig, field);
    }
}

/* Looks a field up for a device: NOT_SUPPORTED when absent, GPU_IS_LOST when the parent GPU is lost. */
static nvmlReturn_t field(nvmlDevice_t d, const char *name, const char **out) {
    if (init_count == 0) {
        return NVML_ERROR_UNINITIALIZED;
    }
    if (d == NULL || d->gpu < 0 || d->gpu >= MAX_GPUS) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    reload_locked();
    char key[96];
    snprintf(key, sizeof key, "gpu.%d.lost", d->gpu);
    const char *lost = get_locked(key);
    if (lost != NULL && atoi(lost) != 0) {
        return NVML_ERROR_GPU_IS_LOST;
    }
    device_key(d, name, key, sizeof key);
    const char *v = get_locked(key);
    if (v == NULL) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    *out = v;
    return NVML_SUCCESS;
}

#define LOCKED(expr)                      \
    do {                                  \
        pthread_mutex_lock(&lock);        \
        nvmlReturn_t rc_ = (expr);        \
        pthread_mutex_unlock(&lock);      \
        return rc_;                       \
    } while (0)

static nvmlReturn_t get_ull(nvmlDevice_t d, const char *name, unsigned long long *out) {
    if (out == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    const char *v;
    nvmlReturn_t rc = field(d, name, &v);
    if (rc == NVML_SUCCESS) {
        *out = strtoull(v, NULL, 0);
    }
    return rc;
}

static nvmlReturn_t get_uint(nvmlDevice_t d, const char *name, unsigned int *out) {
    unsigned long long v = 0;
    nvmlReturn_t rc = get_ull(d, name, out == NULL ? NULL : &v);
    if (rc == NVML_SUCCESS) {
        *out = (unsigned int)v;
    }
    return rc;
}

static nvmlReturn_t get_str(nvmlDevice_t d, const char *name, char *buf, unsigned int length) {
    if (buf == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    const char *v;
    nvmlReturn_t rc = field(d, name, &v);
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    if (strlen(v) + 1 > length) {
        return NVML_ERROR_INSUFFICIENT_SIZE;
    }
    strcpy(buf, v);
    return NVML_SUCCESS;
}

static nvmlReturn_t sys_str(const char *key, char *buf, unsigned int length) {
    if (buf == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (init_count == 0) {
        return NVML_ERROR_UNINITIALIZED;
    }
    const char *v = global(key);
    if (v == NULL) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    if (strlen(v) + 1 > length) {
        return NVML_ERROR_INSUFFICIENT_SIZE;
    }
    strcpy(buf, v);
    return NVML_SUCCESS;
}

/* ---- init, system ---- */

static nvmlReturn_t init_locked(void) {
    const char *v = global("init");
    int rc = v == NULL ? 0 : atoi(v);
    if (rc != 0) {
        return rc;
    }
    for (int g = 0; g < MAX_GPUS; g++) {
        for (int m = 0; m <= MAX_MIG; m++) {
            devices[g][m].gpu = g;
            devices[g][m].mig = m - 1;
        }
    }
    init_count++;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlInit_v2(void) { LOCKED(init_locked()); }

nvmlReturn_t nvmlInit(void) { return nvmlInit_v2(); }

static nvmlReturn_t shutdown_locked(void) {
    if (init_count == 0) {
        return NVML_ERROR_UNINITIALIZED;
    }
    init_count--;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlShutdown(void) { LOCKED(shutdown_locked()); }

const char *nvmlErrorString(nvmlReturn_t result) {
    switch (result) {
        case NVML_SUCCESS: return "Success";
        case NVML_ERROR_UNINITIALIZED: return "Uninitialized";
        case NVML_ERROR_INVALID_ARGUMENT: return "Invalid Argument";
        case NVML_ERROR_NOT_SUPPORTED: return "Not Supported";
        case NVML_ERROR_NOT_FOUND: return "Not Found";
        case NVML_ERROR_INSUFFICIENT_SIZE: return "Insufficient Size";
        case 9: return "Driver Not Loaded";
        case NVML_ERROR_TIMEOUT: return "Timeout";
        case NVML_ERROR_GPU_IS_LOST: return "GPU is lost";
        case NVML_ERROR_LIB_RM_VERSION_MISMATCH: return "Driver/library version mismatch";
        case NVML_ERROR_ARGUMENT_VERSION_MISMATCH: return "Argument version mismatch";
        default: return "Unknown Error";
    }
}

nvmlReturn_t nvmlSystemGetDriverVersion(char *version, unsigned int length) {
    LOCKED(sys_str("driver", version, length));
}

nvmlReturn_t nvmlSystemGetNVMLVersion(char *version, unsigned int length) {
    LOCKED(sys_str("nvml", version, length));
}

static nvmlReturn_t cuda_locked(int *out) {
    if (out == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (init_count == 0) {
        return NVML_ERROR_UNINITIALIZED;
    }
    const char *v = global("cuda");
    if (v == NULL) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    *out = atoi(v);
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlSystemGetCudaDriverVersion_v2(int *cudaDriverVersion) { LOCKED(cuda_locked(cudaDriverVersion)); }

static nvmlReturn_t count_locked(unsigned int *count) {
    if (count == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (init_count == 0) {
        return NVML_ERROR_UNINITIALIZED;
    }
    reload_locked();
    *count = (unsigned int)gpu_count_locked();
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *deviceCount) { LOCKED(count_locked(deviceCount)); }

static nvmlReturn_t handle_locked(unsigned int index, nvmlDevice_t *device) {
    if (device == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (init_count == 0) {
        return NVML_ERROR_UNINITIALIZED;
    }
    reload_locked();
    if ((int)index >= gpu_count_locked()) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    char key[64];
    snprintf(key, sizeof key, "gpu.%u.lost", index);
    const char *lost = get_locked(key);
    if (lost != NULL && atoi(lost) != 0) {
        return NVML_ERROR_GPU_IS_LOST;
    }
    *device = &devices[index][0];
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device) {
    LOCKED(handle_locked(index, device));
}

/* ---- static facts ---- */

nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t d, char *name, unsigned int length) { LOCKED(get_str(d, "name", name, length)); }
nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t d, char *uuid, unsigned int length) { LOCKED(get_str(d, "uuid", uuid, length)); }
nvmlReturn_t nvmlDeviceGetSerial(nvmlDevice_t d, char *serial, unsigned int length) { LOCKED(get_str(d, "serial", serial, length)); }
nvmlReturn_t nvmlDeviceGetBoardPartNumber(nvmlDevice_t d, char *pn, unsigned int length) { LOCKED(get_str(d, "board", pn, length)); }
nvmlReturn_t nvmlDeviceGetVbiosVersion(nvmlDevice_t d, char *v, unsigned int length) { LOCKED(get_str(d, "vbios", v, length)); }
nvmlReturn_t nvmlDeviceGetIndex(nvmlDevice_t d, unsigned int *index) {
    pthread_mutex_lock(&lock);
    const char *v;
    nvmlReturn_t rc = field(d, "name", &v);
    if (rc == NVML_SUCCESS || rc == NVML_ERROR_NOT_SUPPORTED) {
        *index = (unsigned int)d->gpu;
        rc = NVML_SUCCESS;
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

static nvmlReturn_t pci_locked(nvmlDevice_t d, nvmlPciInfo_t *pci) {
    if (pci == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    const char *v;
    nvmlReturn_t rc = field(d, "pci", &v);
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    memset(pci, 0, sizeof *pci);
    snprintf(pci->busId, sizeof pci->busId, "%s", v);
    snprintf(pci->busIdLegacy, sizeof pci->busIdLegacy, "%s", v + (strlen(v) > 12 ? 4 : 0));
    unsigned int domain = 0, bus = 0, dev = 0;
    sscanf(v, "%x:%x:%x", &domain, &bus, &dev);
    pci->domain = domain;
    pci->bus = bus;
    pci->device = dev;
    pci->pciDeviceId = 0x233010de;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetPciInfo_v3(nvmlDevice_t d, nvmlPciInfo_t *pci) { LOCKED(pci_locked(d, pci)); }

/* ---- memory ---- */

static nvmlReturn_t memory_locked(nvmlDevice_t d, nvmlMemory_t *m) {
    if (m == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    unsigned long long total, used, reserved = 0;
    nvmlReturn_t rc = get_ull(d, "mem_total", &total);
    if (rc == NVML_SUCCESS) {
        rc = get_ull(d, "mem_used", &used);
    }
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    get_ull(d, "mem_reserved", &reserved);
    /* The v1 call folds reserved memory into "used", as drivers R510+ do. */
    m->total = total;
    m->used = used + reserved;
    m->free = total - m->used;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetMemoryInfo(nvmlDevice_t d, nvmlMemory_t *memory) { LOCKED(memory_locked(d, memory)); }

static nvmlReturn_t memory_v2_locked(nvmlDevice_t d, nvmlMemory_v2_t *m) {
    if (m == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (m->version != nvmlMemory_v2) {
        return NVML_ERROR_ARGUMENT_VERSION_MISMATCH;
    }
    const char *flag;
    if (field(d, "mem_v2", &flag) != NVML_SUCCESS || atoi(flag) == 0) {
        unsigned long long probe;
        nvmlReturn_t rc = get_ull(d, "mem_total", &probe);
        return rc == NVML_SUCCESS ? NVML_ERROR_NOT_SUPPORTED : rc;
    }
    unsigned long long total, used, reserved = 0;
    nvmlReturn_t rc = get_ull(d, "mem_total", &total);
    if (rc == NVML_SUCCESS) {
        rc = get_ull(d, "mem_used", &used);
    }
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    get_ull(d, "mem_reserved", &reserved);
    m->total = total;
    m->reserved = reserved;
    m->used = used;
    m->free = total - used - reserved;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetMemoryInfo_v2(nvmlDevice_t d, nvmlMemory_v2_t *memory) { LOCKED(memory_v2_locked(d, memory)); }

/* ---- power, energy, temperature ---- */

nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t d, unsigned int *power) { LOCKED(get_uint(d, "power_mw", power)); }
nvmlReturn_t nvmlDeviceGetEnforcedPowerLimit(nvmlDevice_t d, unsigned int *limit) { LOCKED(get_uint(d, "power_limit_mw", limit)); }
nvmlReturn_t nvmlDeviceGetPowerManagementDefaultLimit(nvmlDevice_t d, unsigned int *limit) {
    LOCKED(get_uint(d, "power_default_mw", limit));
}

static nvmlReturn_t constraints_locked(nvmlDevice_t d, unsigned int *min, unsigned int *max) {
    nvmlReturn_t rc = get_uint(d, "power_min_mw", min);
    return rc == NVML_SUCCESS ? get_uint(d, "power_max_mw", max) : rc;
}

nvmlReturn_t nvmlDeviceGetPowerManagementLimitConstraints(nvmlDevice_t d, unsigned int *minLimit, unsigned int *maxLimit) {
    LOCKED(constraints_locked(d, minLimit, maxLimit));
}

nvmlReturn_t nvmlDeviceGetTotalEnergyConsumption(nvmlDevice_t d, unsigned long long *energy) {
    LOCKED(get_ull(d, "energy_mj", energy));
}

nvmlReturn_t nvmlDeviceGetTemperature(nvmlDevice_t d, int sensorType, unsigned int *temp) {
    if (sensorType != 0) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    LOCKED(get_uint(d, "temp", temp));
}

nvmlReturn_t nvmlDeviceGetTemperatureThreshold(nvmlDevice_t d, int thresholdType, unsigned int *temp) {
    static const char *names[] = {"temp_shutdown", "temp_slowdown", "temp_mem_max", "temp_gpu_max"};
    if (thresholdType < 0 || thresholdType > 3) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    LOCKED(get_uint(d, names[thresholdType], temp));
}

static nvmlReturn_t field_values_locked(nvmlDevice_t d, int count, nvmlFieldValue_t *values) {
    if (values == NULL || count < 0) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    const char *probe;
    nvmlReturn_t rc = field(d, "name", &probe);
    if (rc == NVML_ERROR_GPU_IS_LOST || rc == NVML_ERROR_UNINITIALIZED || rc == NVML_ERROR_INVALID_ARGUMENT) {
        return rc;
    }
    for (int i = 0; i < count; i++) {
        values[i].timestamp = (long long)time(NULL) * 1000000LL;
        values[i].latencyUsec = 0;
        if (values[i].fieldId == NVML_FI_DEV_MEMORY_TEMP) {
            unsigned int t;
            values[i].nvmlReturn = get_uint(d, "mem_temp", &t);
            values[i].valueType = NVML_VALUE_TYPE_UNSIGNED_INT;
            values[i].value.ullVal = 0;
            values[i].value.uiVal = t;
        } else {
            values[i].nvmlReturn = NVML_ERROR_NOT_SUPPORTED;
        }
    }
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetFieldValues(nvmlDevice_t d, int valuesCount, nvmlFieldValue_t *values) {
    LOCKED(field_values_locked(d, valuesCount, values));
}

/* ---- clocks, fan, performance ---- */

static const char *clock_name(int type, int max) {
    static const char *cur[] = {"clock_graphics", "clock_sm", "clock_mem", "clock_video"};
    static const char *mx[] = {"max_clock_graphics", "max_clock_sm", "max_clock_mem", "max_clock_video"};
    if (type < 0 || type > 3) {
        return NULL;
    }
    return max ? mx[type] : cur[type];
}

nvmlReturn_t nvmlDeviceGetClockInfo(nvmlDevice_t d, int type, unsigned int *clock) {
    const char *n = clock_name(type, 0);
    if (n == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    LOCKED(get_uint(d, n, clock));
}

nvmlReturn_t nvmlDeviceGetMaxClockInfo(nvmlDevice_t d, int type, unsigned int *clock) {
    const char *n = clock_name(type, 1);
    if (n == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    LOCKED(get_uint(d, n, clock));
}

nvmlReturn_t nvmlDeviceGetFanSpeed(nvmlDevice_t d, unsigned int *speed) { LOCKED(get_uint(d, "fan", speed)); }

nvmlReturn_t nvmlDeviceGetPerformanceState(nvmlDevice_t d, int *pState) {
    unsigned int v = 0;
    pthread_mutex_lock(&lock);
    nvmlReturn_t rc = get_uint(d, "pstate", &v);
    pthread_mutex_unlock(&lock);
    if (rc == NVML_SUCCESS) {
        *pState = (int)v;
    }
    return rc;
}

nvmlReturn_t nvmlDeviceGetCurrentClocksEventReasons(nvmlDevice_t d, unsigned long long *reasons) {
    LOCKED(get_ull(d, "clock_reasons", reasons));
}

nvmlReturn_t nvmlDeviceGetCurrentClocksThrottleReasons(nvmlDevice_t d, unsigned long long *reasons) {
    return nvmlDeviceGetCurrentClocksEventReasons(d, reasons);
}

static nvmlReturn_t utilization_locked(nvmlDevice_t d, nvmlUtilization_t *u) {
    if (u == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    unsigned int gpu, mem;
    nvmlReturn_t rc = get_uint(d, "util_gpu", &gpu);
    if (rc == NVML_SUCCESS) {
        rc = get_uint(d, "util_mem", &mem);
    }
    if (rc == NVML_SUCCESS) {
        u->gpu = gpu;
        u->memory = mem;
    }
    return rc;
}

nvmlReturn_t nvmlDeviceGetUtilizationRates(nvmlDevice_t d, nvmlUtilization_t *u) { LOCKED(utilization_locked(d, u)); }

static nvmlReturn_t codec_locked(nvmlDevice_t d, const char *name, unsigned int *util, unsigned int *period) {
    if (util == NULL || period == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    nvmlReturn_t rc = get_uint(d, name, util);
    if (rc == NVML_SUCCESS) {
        *period = 167000;
    }
    return rc;
}

nvmlReturn_t nvmlDeviceGetEncoderUtilization(nvmlDevice_t d, unsigned int *u, unsigned int *p) { LOCKED(codec_locked(d, "enc", u, p)); }
nvmlReturn_t nvmlDeviceGetDecoderUtilization(nvmlDevice_t d, unsigned int *u, unsigned int *p) { LOCKED(codec_locked(d, "dec", u, p)); }

/* ---- ECC, retired pages, remapped rows ---- */

static nvmlReturn_t ecc_mode_locked(nvmlDevice_t d, int *current, int *pending) {
    unsigned int v;
    nvmlReturn_t rc = get_uint(d, "ecc", &v);
    if (rc == NVML_SUCCESS) {
        *current = (int)v;
        *pending = (int)v;
    }
    return rc;
}

nvmlReturn_t nvmlDeviceGetEccMode(nvmlDevice_t d, int *current, int *pending) { LOCKED(ecc_mode_locked(d, current, pending)); }

nvmlReturn_t nvmlDeviceGetTotalEccErrors(nvmlDevice_t d, int errorType, int counterType, unsigned long long *count) {
    if (counterType != 0 && counterType != 1) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    LOCKED(get_ull(d, errorType == 0 ? "ecc_corrected" : "ecc_uncorrected", count));
}

static nvmlReturn_t retired_locked(nvmlDevice_t d, int cause, unsigned int *pageCount, unsigned long long *addresses) {
    if (pageCount == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    unsigned int n;
    nvmlReturn_t rc = get_uint(d, cause == 0 ? "retired_sbe" : "retired_dbe", &n);
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    if (*pageCount < n) {
        *pageCount = n;
        return n == 0 ? NVML_SUCCESS : NVML_ERROR_INSUFFICIENT_SIZE;
    }
    for (unsigned int i = 0; i < n && addresses != NULL; i++) {
        addresses[i] = 0x1000ULL * (i + 1);
    }
    *pageCount = n;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetRetiredPages(nvmlDevice_t d, int cause, unsigned int *pageCount, unsigned long long *addresses) {
    LOCKED(retired_locked(d, cause, pageCount, addresses));
}

static nvmlReturn_t remapped_locked(nvmlDevice_t d, unsigned int *corr, unsigned int *unc, unsigned int *pending,
                                    unsigned int *failure) {
    nvmlReturn_t rc = get_uint(d, "remap_corr", corr);
    if (rc == NVML_SUCCESS) rc = get_uint(d, "remap_unc", unc);
    if (rc == NVML_SUCCESS) rc = get_uint(d, "remap_pending", pending);
    if (rc == NVML_SUCCESS) rc = get_uint(d, "remap_failure", failure);
    return rc;
}

nvmlReturn_t nvmlDeviceGetRemappedRows(nvmlDevice_t d, unsigned int *corrRows, unsigned int *uncRows,
                                       unsigned int *isPending, unsigned int *failureOccurred) {
    LOCKED(remapped_locked(d, corrRows, uncRows, isPending, failureOccurred));
}

/* ---- PCIe ---- */

nvmlReturn_t nvmlDeviceGetCurrPcieLinkGeneration(nvmlDevice_t d, unsigned int *v) { LOCKED(get_uint(d, "pcie_gen", v)); }
nvmlReturn_t nvmlDeviceGetCurrPcieLinkWidth(nvmlDevice_t d, unsigned int *v) { LOCKED(get_uint(d, "pcie_width", v)); }
nvmlReturn_t nvmlDeviceGetMaxPcieLinkGeneration(nvmlDevice_t d, unsigned int *v) { LOCKED(get_uint(d, "pcie_max_gen", v)); }
nvmlReturn_t nvmlDeviceGetMaxPcieLinkWidth(nvmlDevice_t d, unsigned int *v) { LOCKED(get_uint(d, "pcie_max_width", v)); }

nvmlReturn_t nvmlDeviceGetPcieThroughput(nvmlDevice_t d, int counter, unsigned int *value) {
    if (counter != 0 && counter != 1) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    pthread_mutex_lock(&lock);
    nvmlReturn_t rc = get_uint(d, counter == 0 ? "pcie_tx_kbs" : "pcie_rx_kbs", value);
    const char *calls = get_locked("pcie_calls_log");
    pthread_mutex_unlock(&lock);
    if (calls != NULL) {
        FILE *f = fopen(calls, "a");
        if (f != NULL) {
            fprintf(f, "%d\n", d->gpu);
            fclose(f);
        }
    }
    return rc;
}

/* ---- processes ---- */

static nvmlReturn_t processes_locked(nvmlDevice_t d, char kind, unsigned int *count, nvmlProcessInfo_t *infos) {
    if (count == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    const char *probe;
    nvmlReturn_t rc = field(d, "name", &probe);
    if (rc != NVML_SUCCESS && rc != NVML_ERROR_NOT_SUPPORTED) {
        return rc;
    }
    char key[64];
    device_key(d, "proc", key, sizeof key);
    unsigned int n = 0;
    for (int i = 0; i < entry_count; i++) {
        if (strcmp(keys[i], key) != 0) {
            continue;
        }
        unsigned int pid, gi, ci;
        char type;
        unsigned long long used;
        if (sscanf(values[i], "%u:%c:%llu:%u:%u", &pid, &type, &used, &gi, &ci) != 5 || type != kind) {
            continue;
        }
        if (infos != NULL && n < *count) {
            infos[n].pid = pid;
            infos[n].usedGpuMemory = used;
            infos[n].gpuInstanceId = gi;
            infos[n].computeInstanceId = ci;
        }
        n++;
    }
    nvmlReturn_t result = (infos == NULL || n > *count) && n > 0 ? NVML_ERROR_INSUFFICIENT_SIZE : NVML_SUCCESS;
    *count = n;
    return result;
}

nvmlReturn_t nvmlDeviceGetComputeRunningProcesses_v3(nvmlDevice_t d, unsigned int *infoCount, nvmlProcessInfo_t *infos) {
    LOCKED(processes_locked(d, 'c', infoCount, infos));
}

nvmlReturn_t nvmlDeviceGetGraphicsRunningProcesses_v3(nvmlDevice_t d, unsigned int *infoCount, nvmlProcessInfo_t *infos) {
    LOCKED(processes_locked(d, 'g', infoCount, infos));
}

static nvmlReturn_t process_util_locked(nvmlDevice_t d, nvmlProcessUtilizationSample_t *samples, unsigned int *count,
                                        unsigned long long lastSeen) {
    if (count == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    const char *probe;
    nvmlReturn_t rc = field(d, "putil_supported", &probe);
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    char key[64];
    device_key(d, "putil", key, sizeof key);
    unsigned int n = 0;
    for (int i = 0; i < entry_count; i++) {
        if (strcmp(keys[i], key) != 0) {
            continue;
        }
        unsigned int pid, sm, mem, enc, dec;
        unsigned long long ts;
        if (sscanf(values[i], "%u:%llu:%u:%u:%u:%u", &pid, &ts, &sm, &mem, &enc, &dec) != 6 || ts <= lastSeen) {
            continue;
        }
        if (samples != NULL && n < *count) {
            samples[n].pid = pid;
            samples[n].timeStamp = ts;
            samples[n].smUtil = sm;
            samples[n].memUtil = mem;
            samples[n].encUtil = enc;
            samples[n].decUtil = dec;
        }
        n++;
    }
    if (n == 0) {
        *count = 0;
        return NVML_ERROR_NOT_FOUND;
    }
    nvmlReturn_t result = (samples == NULL || n > *count) ? NVML_ERROR_INSUFFICIENT_SIZE : NVML_SUCCESS;
    *count = n;
    return result;
}

nvmlReturn_t nvmlDeviceGetProcessUtilization(nvmlDevice_t d, nvmlProcessUtilizationSample_t *utilization,
                                             unsigned int *processSamplesCount, unsigned long long lastSeenTimeStamp) {
    LOCKED(process_util_locked(d, utilization, processSamplesCount, lastSeenTimeStamp));
}

/* ---- MIG ---- */

static nvmlReturn_t mig_mode_locked(nvmlDevice_t d, unsigned int *current, unsigned int *pending) {
    if (d != NULL && d->mig >= 0) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    nvmlReturn_t rc = get_uint(d, "mig", current);
    if (rc == NVML_SUCCESS) {
        *pending = *current;
    }
    return rc;
}

nvmlReturn_t nvmlDeviceGetMigMode(nvmlDevice_t d, unsigned int *currentMode, unsigned int *pendingMode) {
    LOCKED(mig_mode_locked(d, currentMode, pendingMode));
}

nvmlReturn_t nvmlDeviceGetMaxMigDeviceCount(nvmlDevice_t d, unsigned int *count) { LOCKED(get_uint(d, "mig_max", count)); }

static nvmlReturn_t mig_handle_locked(nvmlDevice_t d, unsigned int index, nvmlDevice_t *mig) {
    if (mig == NULL || d == NULL || d->mig >= 0) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    unsigned int n;
    nvmlReturn_t rc = get_uint(d, "mig_count", &n);
    if (rc == NVML_ERROR_NOT_SUPPORTED) {
        return NVML_ERROR_NOT_FOUND;
    }
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    if (index >= n || index >= MAX_MIG) {
        return NVML_ERROR_NOT_FOUND;
    }
    *mig = &devices[d->gpu][index + 1];
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetMigDeviceHandleByIndex(nvmlDevice_t d, unsigned int index, nvmlDevice_t *migDevice) {
    LOCKED(mig_handle_locked(d, index, migDevice));
}

nvmlReturn_t nvmlDeviceGetGpuInstanceId(nvmlDevice_t d, unsigned int *id) { LOCKED(get_uint(d, "gi", id)); }
nvmlReturn_t nvmlDeviceGetComputeInstanceId(nvmlDevice_t d, unsigned int *id) { LOCKED(get_uint(d, "ci", id)); }

/* ---- events ---- */

static nvmlReturn_t set_create_locked(nvmlEventSet_t *set) {
    if (set == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (init_count == 0) {
        return NVML_ERROR_UNINITIALIZED;
    }
    *set = calloc(1, sizeof **set);
    return *set == NULL ? NVML_ERROR_UNKNOWN : NVML_SUCCESS;
}

nvmlReturn_t nvmlEventSetCreate(nvmlEventSet_t *set) { LOCKED(set_create_locked(set)); }

nvmlReturn_t nvmlEventSetFree(nvmlEventSet_t set) {
    if (set == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    free(set);
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetSupportedEventTypes(nvmlDevice_t d, unsigned long long *eventTypes) {
    LOCKED(get_ull(d, "event_types", eventTypes));
}

static nvmlReturn_t register_locked(nvmlDevice_t d, unsigned long long types, nvmlEventSet_t set) {
    if (set == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    unsigned long long supported;
    nvmlReturn_t rc = get_ull(d, "event_types", &supported);
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    if ((types & ~supported) != 0) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    set->mask[d->gpu] |= types;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceRegisterEvents(nvmlDevice_t d, unsigned long long eventTypes, nvmlEventSet_t set) {
    LOCKED(register_locked(d, eventTypes, set));
}

static int next_event_locked(nvmlEventSet_t set, nvmlEventData_t *data) {
    reload_locked();
    for (int i = 0; i < entry_count; i++) {
        if (strcmp(keys[i], "event") != 0) {
            continue;
        }
        long id;
        int gpu;
        unsigned long long type, edata;
        unsigned int gi, ci;
        if (sscanf(values[i], "%ld:%d:%lli:%llu:%u:%u", &id, &gpu, &type, &edata, &gi, &ci) != 6 || gpu < 0
            || gpu >= MAX_GPUS || (set->mask[gpu] & type) == 0) {
            continue;
        }
        int seen = 0;
        for (int k = 0; k < delivered_count; k++) {
            if (delivered[k] == id) {
                seen = 1;
                break;
            }
        }
        if (seen) {
            continue;
        }
        if (delivered_count < MAX_DELIVERED) {
            delivered[delivered_count++] = id;
        }
        data->device = &devices[gpu][0];
        data->eventType = type;
        data->eventData = edata;
        data->gpuInstanceId = gi;
        data->computeInstanceId = ci;
        return 1;
    }
    return 0;
}

nvmlReturn_t nvmlEventSetWait_v2(nvmlEventSet_t set, nvmlEventData_t *data, unsigned int timeoutms) {
    if (set == NULL || data == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    struct timespec slice = {0, 5 * 1000 * 1000};
    unsigned int waited = 0;
    for (;;) {
        pthread_mutex_lock(&lock);
        int initialized = init_count > 0;
        int found = initialized && next_event_locked(set, data);
        pthread_mutex_unlock(&lock);
        if (!initialized) {
            return NVML_ERROR_UNINITIALIZED;
        }
        if (found) {
            return NVML_SUCCESS;
        }
        if (waited >= timeoutms) {
            return NVML_ERROR_TIMEOUT;
        }
        nanosleep(&slice, NULL);
        waited += 5;
    }
}
