/* PDFium's getters called in loops in C: per glyph, per page object, per path segment.
 *
 * The PDFium reader asks PDFium, for each glyph of a page, its box, matrix, font size and text
 * object; for each object its font, bounds, matrix, draw mode and colours; for each path segment its
 * point, kind and whether it closes the subpath. Called one by one through ctypes, each answer costs far more in Python
 * than in PDFium. Each function here makes the same calls, in the same order, in a C loop and
 * writes the answers into arrays the caller owns (extractors/pdfium_bulk.py), so the values are
 * exactly those the calls give one by one.
 *
 * This library does not link PDFium: the caller passes the addresses of the functions of the
 * PDFium that pypdfium2 loaded. No arithmetic is done here, only calls and copies, and one
 * check that reads as few points as it can (clip_undecided).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

typedef int (*glyph_box_fn)(void *textpage, int index, float *rect);      /* FPDFText_GetLooseCharBox */
typedef int (*glyph_matrix_fn)(void *textpage, int index, float *matrix); /* FPDFText_GetMatrix */
typedef double (*glyph_size_fn)(void *textpage, int index);               /* FPDFText_GetFontSize */
typedef void *(*glyph_object_fn)(void *textpage, int index);              /* FPDFText_GetTextObject */
typedef void *(*page_object_fn)(void *page, int index);                   /* FPDFPage_GetObject */
typedef void *(*form_object_fn)(void *form, unsigned long index);         /* FPDFFormObj_GetObject */
typedef void *(*object_font_fn)(void *object);                            /* FPDFTextObj_GetFont */
typedef int (*object_bounds_fn)(void *object, float *left, float *bottom, float *right, float *top);
typedef int (*object_matrix_fn)(void *object, float *matrix);             /* FPDFPageObj_GetMatrix */
typedef int (*draw_mode_fn)(void *path, int32_t *fill_mode, int32_t *stroke); /* FPDFPath_GetDrawMode */
typedef int (*object_color_fn)(void *object, unsigned int *r, unsigned int *g, unsigned int *b,
                               unsigned int *a); /* FPDFPageObj_GetFillColor, FPDFPageObj_GetStrokeColor */
typedef int (*segment_count_fn)(void *path);                               /* FPDFPath_CountSegments */
typedef void *(*path_segment_fn)(void *path, int index);                  /* FPDFPath_GetPathSegment */
typedef int (*segment_point_fn)(void *segment, float *x, float *y);       /* FPDFPathSegment_GetPoint */
typedef int (*segment_int_fn)(void *segment); /* FPDFPathSegment_GetType, FPDFPathSegment_GetClose */
typedef void *(*clip_of_fn)(void *object);                                /* FPDFPageObj_GetClipPath */
typedef int (*clip_path_count_fn)(void *clip);                            /* FPDFClipPath_CountPaths */
typedef int (*clip_segment_count_fn)(void *clip, int path);  /* FPDFClipPath_CountPathSegments */
typedef void *(*clip_segment_fn)(void *clip, int path, int index); /* FPDFClipPath_GetPathSegment */

/* Each glyph's loose box (left, top, right, bottom) and matrix (a .. f) into its slot of ten
 * floats; found[i] bit 0: the box was given, bit 1: the matrix was. */
void glyph_boxes(glyph_box_fn box, glyph_matrix_fn matrix, void *textpage, const int32_t *indices,
                 int32_t count, float *slots, uint8_t *found) {
    for (int32_t i = 0; i < count; i++) {
        float *slot = slots + 10 * (size_t)i;
        uint8_t given = box(textpage, indices[i], slot) ? 1 : 0;
        if (matrix(textpage, indices[i], slot + 4))
            given |= 2;
        found[i] = given;
    }
}

/* Each glyph's font size. */
void glyph_sizes(glyph_size_fn size, void *textpage, const int32_t *indices, int32_t count, double *sizes) {
    for (int32_t i = 0; i < count; i++)
        sizes[i] = size(textpage, indices[i]);
}

/* Each glyph's text object (0 for none). */
void glyph_objects(glyph_object_fn object, void *textpage, const int32_t *indices, int32_t count,
                   uintptr_t *objects) {
    for (int32_t i = 0; i < count; i++)
        objects[i] = (uintptr_t)object(textpage, indices[i]);
}

/* The objects 0 .. count-1 of a page (form_get null) or of a form object (page_get null), null
 * handles left out, each with its font (0 for an object that is not text). Returns how many. */
int32_t container_objects(page_object_fn page_get, form_object_fn form_get, object_font_fn font,
                          void *container, int32_t count, uintptr_t *objects, uintptr_t *fonts) {
    int32_t kept = 0;
    for (int32_t i = 0; i < count; i++) {
        void *object = page_get ? page_get(container, i) : form_get(container, (unsigned long)i);
        if (!object)
            continue;
        objects[kept] = (uintptr_t)object;
        fonts[kept] = (uintptr_t)font(object);
        kept++;
    }
    return kept;
}

/* Each object's bounds (left, bottom, right, top) into its slot of four floats; found[i]: given. */
void object_bounds(object_bounds_fn bounds, const uintptr_t *objects, int32_t count, float *slots,
                   uint8_t *found) {
    for (int32_t i = 0; i < count; i++) {
        float *slot = slots + 4 * (size_t)i;
        found[i] = bounds((void *)objects[i], slot, slot + 1, slot + 2, slot + 3) ? 1 : 0;
    }
}

/* Each object's matrix (a .. f) into its slot of six floats; found[i]: given. */
void object_matrices(object_matrix_fn matrix, const uintptr_t *objects, int32_t count, float *slots,
                     uint8_t *found) {
    for (int32_t i = 0; i < count; i++)
        found[i] = matrix((void *)objects[i], slots + 6 * (size_t)i) ? 1 : 0;
}

/* Each path's fill mode and stroke flag (0 when not given); found[i]: given. */
void draw_modes(draw_mode_fn mode, const uintptr_t *paths, int32_t count, int32_t *fills, int32_t *strokes,
                uint8_t *found) {
    for (int32_t i = 0; i < count; i++) {
        fills[i] = strokes[i] = 0;
        found[i] = mode((void *)paths[i], fills + i, strokes + i) ? 1 : 0;
    }
}

/* Each object's colour (r, g, b, a) into its slot of four; found[i]: given. */
void object_colors(object_color_fn color, const uintptr_t *objects, int32_t count, uint32_t *slots,
                   uint8_t *found) {
    for (int32_t i = 0; i < count; i++) {
        unsigned int *slot = (unsigned int *)(slots + 4 * (size_t)i);
        found[i] = color((void *)objects[i], slot, slot + 1, slot + 2, slot + 3) ? 1 : 0;
    }
}

/* Each path's number of segments. */
void segment_counts(segment_count_fn segments, const uintptr_t *paths, int32_t count, int32_t *counts) {
    for (int32_t i = 0; i < count; i++)
        counts[i] = segments((void *)paths[i]);
}

/* The segments of the paths, path after path (counts[i] of path i, as segment_counts gives them):
 * each one's point (x, y), kind, and flags, bit 0: the segment and its point were given (else the
 * rest is not asked for), bit 1: it closes its subpath. */
void path_segments(path_segment_fn get, segment_point_fn point, segment_int_fn kind,
                   segment_int_fn closes, const uintptr_t *paths, int32_t count, const int32_t *counts,
                   float *points, int32_t *kinds, uint8_t *flags) {
    size_t at = 0;
    for (int32_t p = 0; p < count; p++) {
        for (int32_t i = 0; i < counts[p]; i++, at++) {
            void *segment = get((void *)paths[p], i);
            flags[at] = 0;
            kinds[at] = -1;
            if (!segment || !point(segment, points + 2 * at, points + 2 * at + 1))
                continue;
            kinds[at] = kind(segment);
            flags[at] = closes(segment) ? 3 : 1;
        }
    }
}

/* Whether one path of a clipping path has points left and right of the object's centre, below
 * and above it (user space, y upwards), reading its points only until it has all four: the
 * first, the third (a rectangle's opposite corner), the second, then the rest in order. Each
 * float point is compared as a double, as Python compares it. */
static int straddles(clip_segment_fn get, segment_point_fn point, void *clip, int path, int count,
                     const double *bounds) {
    const double middle_x = (bounds[0] + bounds[2]) / 2, middle_y = (bounds[1] + bounds[3]) / 2;
    const double left = middle_x, right = middle_x, bottom = middle_y, top = middle_y;
    int west = 0, east = 0, south = 0, north = 0;
    for (int i = 0; i < count; i++) {
        int index = count > 2 && i < 3 ? (int[]){0, 2, 1}[i] : i;
        void *segment = get(clip, path, index);
        float x, y;
        if (!segment || !point(segment, &x, &y))
            continue;
        west = west || (double)x < right;
        east = east || (double)x > left;
        south = south || (double)y < top;
        north = north || (double)y > bottom;
        if (west && east && south && north)
            return 1;
    }
    return 0;
}

/* For each object (its bounds: left, bottom, right, top), 1 when one path of its clipping path
 * does not straddle its centre (straddles): only then can the clip hide most of it, which the
 * caller works out from the clip's whole box; 0 when it has no clipping path or every path
 * straddles its centre. The one place here that compares values: the early exit
 * is the point of reading the clip in C. */
void clip_undecided(clip_of_fn clip_of, clip_path_count_fn path_count, clip_segment_count_fn segment_count,
                    clip_segment_fn get, segment_point_fn point, const uintptr_t *objects, const double *bounds,
                    int32_t count, uint8_t *undecided) {
    for (int32_t i = 0; i < count; i++) {
        void *clip = clip_of((void *)objects[i]);
        undecided[i] = 0;
        if (!clip)
            continue;
        int paths = path_count(clip);
        for (int p = 0; p < paths; p++) {
            if (!straddles(get, point, clip, p, segment_count(clip, p), bounds + 4 * (size_t)i)) {
                undecided[i] = 1;
                break;
            }
        }
    }
}

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_pdfium_loops",
    .m_doc = "PDFium's getters called in C loops; the functions are called through ctypes "
             "(extractors/pdfium_bulk.py).",
    .m_size = -1,
};

PyMODINIT_FUNC PyInit__pdfium_loops(void) { return PyModule_Create(&module); }
