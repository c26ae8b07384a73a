/* The clean case of shaping, in C: `gateway.shaping.fast` describes a compiled shape as nested
 * tuples once (`describe`), and a `Shaper` builds the client's data from merged subgraph JSON
 * by that description.  Like the generated Python it stands in front of, it handles only what
 * needs no error, and less: plain dicts and lists, leaves its quick tests pass.  Anything else
 * (a null in a non-null position, a value of another type, a dict or list subclass, an enum
 * value the schema hides, an unknown `__typename`) is a miss, and the whole response goes to
 * the fallback given (the generated code, which hands over to the walker in turn).  So what
 * this file answers, the generated code answers the same; it only answers faster.
 *
 * An object's description: (abstract, type name, fields, fields by type or None, abstract
 * names or None).  A field's: (response key, operation, non-null flag per list level, the
 * object description below it or None, enum values or None).  The descriptions come from
 * `describe` only, so they are read here without checks.
 *
 * Return convention inside: a new reference; NULL with an exception set on an error (memory);
 * NULL with no exception on a miss.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>

enum {
    OP_TYPENAME = 0,
    OP_PASSTHROUGH = 1,
    OP_COMPOSITE = 2,
    OP_ANY = 3,
    OP_ENUM = 4,
    OP_STRING = 5,
    OP_ID = 6,
    OP_BOOLEAN = 7,
    OP_INT = 8,
    OP_FLOAT = 9,
};

static PyObject *TYPENAME_KEY; /* "__typename", interned */

static PyObject *shape_object(PyObject *src, PyObject *desc);

#define MISS NULL
#define ITEM(tuple, index) PyTuple_GET_ITEM((tuple), (index))

static inline long
field_op(PyObject *field)
{
    return PyLong_AsLong(ITEM(field, 1));
}

/* A leaf (or an object) at the innermost level of its field. */
static PyObject *
complete_one(PyObject *value, PyObject *field, long op)
{
    switch (op) {
    case OP_COMPOSITE:
        if (!PyDict_CheckExact(value)) {
            return MISS;
        }
        return shape_object(value, ITEM(field, 3));
    case OP_ANY:
        break;
    case OP_ENUM: {
        if (!PyUnicode_CheckExact(value)) {
            return MISS;
        }
        int shown = PySet_Contains(ITEM(field, 4), value);
        if (shown <= 0) {
            return MISS; /* an error (shown < 0) stays set */
        }
        break;
    }
    case OP_STRING:
        if (!PyUnicode_CheckExact(value)) {
            return MISS;
        }
        break;
    case OP_ID:
        if (!PyUnicode_CheckExact(value) && !PyLong_CheckExact(value)) {
            return MISS;
        }
        break;
    case OP_BOOLEAN:
        if (value != Py_True && value != Py_False) {
            return MISS;
        }
        break;
    case OP_INT: {
        if (!PyLong_CheckExact(value)) {
            return MISS;
        }
        int overflow = 0;
        long number = PyLong_AsLongAndOverflow(value, &overflow);
        if (overflow || number < -2147483648L || number > 2147483647L) {
            return MISS;
        }
        if (number == -1 && PyErr_Occurred()) {
            return NULL;
        }
        break;
    }
    case OP_FLOAT:
        if (!PyFloat_CheckExact(value) && !PyLong_CheckExact(value)) {
            return MISS;
        }
        break;
    default:
        return MISS;
    }
    Py_INCREF(value);
    return value;
}

/* The value of `field` at list level `depth` (0: the field's own value). */
static PyObject *
complete(PyObject *value, PyObject *field, long op, Py_ssize_t depth)
{
    PyObject *levels = ITEM(field, 2);
    if (value == Py_None) {
        if (ITEM(levels, depth) == Py_True) {
            return MISS;
        }
        Py_INCREF(Py_None);
        return Py_None;
    }
    if (depth + 1 >= PyTuple_GET_SIZE(levels)) {
        return complete_one(value, field, op);
    }
    if (!PyList_CheckExact(value)) {
        return MISS;
    }
    Py_ssize_t size = PyList_GET_SIZE(value);
    if (op != OP_COMPOSITE) {
        /* Leaves come back as they are: the list is checked and kept. */
        for (Py_ssize_t index = 0; index < size; index++) {
            PyObject *item = complete(PyList_GET_ITEM(value, index), field, op, depth + 1);
            if (item == NULL) {
                return NULL;
            }
            Py_DECREF(item);
        }
        Py_INCREF(value);
        return value;
    }
    PyObject *out = PyList_New(size);
    if (out == NULL) {
        return NULL;
    }
    for (Py_ssize_t index = 0; index < size; index++) {
        PyObject *item = complete(PyList_GET_ITEM(value, index), field, op, depth + 1);
        if (item == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, index, item);
    }
    return out;
}

static PyObject *
build_fields(PyObject *src, PyObject *fields, PyObject *typename)
{
    Py_ssize_t count = PyTuple_GET_SIZE(fields);
    PyObject *out = _PyDict_NewPresized(count);
    if (out == NULL) {
        return NULL;
    }
    for (Py_ssize_t index = 0; index < count; index++) {
        PyObject *field = ITEM(fields, index);
        PyObject *key = ITEM(field, 0);
        long op = field_op(field);
        PyObject *value;
        if (op == OP_TYPENAME) {
            Py_INCREF(typename);
            value = typename;
        }
        else {
            /* A missing key reads as null, as the generated code's key-by-key reader has it. */
            PyObject *raw = PyDict_GetItemWithError(src, key);
            if (raw == NULL) {
                if (PyErr_Occurred()) {
                    goto fail;
                }
                raw = Py_None;
            }
            if (op == OP_PASSTHROUGH) {
                Py_INCREF(raw);
                value = raw;
            }
            else {
                value = complete(raw, field, op, 0);
                if (value == NULL) {
                    goto fail;
                }
            }
        }
        int failed = PyDict_SetItem(out, key, value);
        Py_DECREF(value);
        if (failed) {
            goto fail;
        }
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

static PyObject *
shape_object(PyObject *src, PyObject *desc)
{
    if (Py_EnterRecursiveCall(" while shaping a response")) {
        return NULL;
    }
    PyObject *result;
    PyObject *type_name = ITEM(desc, 1);
    PyObject *fallback = ITEM(desc, 2);
    if (ITEM(desc, 0) != Py_True) {
        result = build_fields(src, fallback, type_name);
    }
    else {
        PyObject *typename = PyDict_GetItemWithError(src, TYPENAME_KEY);
        if (typename == NULL && PyErr_Occurred()) {
            result = NULL;
        }
        else if (typename == NULL || typename == Py_None) {
            result = build_fields(src, fallback, type_name);
        }
        else if (!PyUnicode_CheckExact(typename)) {
            result = MISS;
        }
        else {
            Py_INCREF(typename); /* held while its object is read */
            PyObject *fields = PyDict_GetItemWithError(ITEM(desc, 3), typename);
            if (fields != NULL) {
                result = build_fields(src, fields, typename);
            }
            else if (PyErr_Occurred()) {
                result = NULL;
            }
            else {
                /* An @interfaceObject's answer names the interface: common fields only. */
                int abstract = PySet_Contains(ITEM(desc, 4), typename);
                result = abstract > 0 ? build_fields(src, fallback, typename) : MISS;
            }
            Py_DECREF(typename);
        }
    }
    Py_LeaveRecursiveCall();
    return result;
}

typedef struct {
    PyObject_HEAD
    PyObject *description;
    PyObject *fallback;
} Shaper;

static PyObject *
Shaper_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    PyObject *description, *fallback;
    static char *names[] = {"description", "fallback", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O!O:Shaper", names, &PyTuple_Type,
                                     &description, &fallback)) {
        return NULL;
    }
    if (PyTuple_GET_SIZE(description) != 5 || !PyCallable_Check(fallback)) {
        PyErr_SetString(PyExc_TypeError, "Shaper(description from describe(), callable)");
        return NULL;
    }
    Shaper *self = PyObject_GC_New(Shaper, type);
    if (self == NULL) {
        return NULL;
    }
    Py_INCREF(description);
    Py_INCREF(fallback);
    self->description = description;
    self->fallback = fallback;
    PyObject_GC_Track(self);
    return (PyObject *)self;
}

static PyObject *
Shaper_call(Shaper *self, PyObject *args, PyObject *kwargs)
{
    if (kwargs != NULL || PyTuple_GET_SIZE(args) != 1) {
        PyErr_SetString(PyExc_TypeError, "a Shaper takes the data only");
        return NULL;
    }
    PyObject *src = ITEM(args, 0);
    if (PyDict_CheckExact(src)) {
        PyObject *result = shape_object(src, self->description);
        if (result != NULL || PyErr_Occurred()) {
            return result;
        }
    }
    return PyObject_CallOneArg(self->fallback, src);
}

static int
Shaper_traverse(Shaper *self, visitproc visit, void *arg)
{
    Py_VISIT(self->description);
    Py_VISIT(self->fallback);
    return 0;
}

static int
Shaper_clear(Shaper *self)
{
    Py_CLEAR(self->description);
    Py_CLEAR(self->fallback);
    return 0;
}

static void
Shaper_dealloc(Shaper *self)
{
    PyObject_GC_UnTrack(self);
    Shaper_clear(self);
    PyObject_GC_Del(self);
}

static PyObject *
Shaper_clean(Shaper *self, PyObject *src)
{
    /* The C path alone: the data, or None when it would hand over to the fallback. */
    if (PyDict_CheckExact(src)) {
        PyObject *result = shape_object(src, self->description);
        if (result != NULL || PyErr_Occurred()) {
            return result;
        }
    }
    Py_RETURN_NONE;
}

static PyMethodDef Shaper_methods[] = {
    {"clean", (PyCFunction)Shaper_clean, METH_O,
     "The data shaped by the C path alone, or None where it hands over to the fallback."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject ShaperType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "gateway.shaping._cshaper.Shaper",
    .tp_basicsize = sizeof(Shaper),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "Shaper(description, fallback): shapes clean data in C, anything else by fallback.",
    .tp_new = Shaper_new,
    .tp_call = (ternaryfunc)Shaper_call,
    .tp_traverse = (traverseproc)Shaper_traverse,
    .tp_clear = (inquiry)Shaper_clear,
    .tp_dealloc = (destructor)Shaper_dealloc,
    .tp_methods = Shaper_methods,
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "gateway.shaping._cshaper",
    .m_doc = "The clean case of shaping in C (see gateway.shaping.fast).",
    .m_size = -1,
};

PyMODINIT_FUNC
PyInit__cshaper(void)
{
    if (PyType_Ready(&ShaperType) < 0) {
        return NULL;
    }
    TYPENAME_KEY = PyUnicode_InternFromString("__typename");
    if (TYPENAME_KEY == NULL) {
        return NULL;
    }
    PyObject *mod = PyModule_Create(&module);
    if (mod == NULL) {
        return NULL;
    }
    Py_INCREF(&ShaperType);
    if (PyModule_AddObject(mod, "Shaper", (PyObject *)&ShaperType) < 0) {
        Py_DECREF(&ShaperType);
        Py_DECREF(mod);
        return NULL;
    }
    return mod;
}
