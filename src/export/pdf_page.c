/* Page numbers over the whole PDF. */
#include <stdio.h>
#include "export/pdf_page.h"

void pdf_page_end(PdfPages *p)
{
    char text[32];
    snprintf(text, sizeof(text), "%d / %d", p->done + 1, p->total);
    PangoLayout *layout = pango_layout_new(p->pango);
    pango_layout_set_font_description(layout, p->font);
    pango_layout_set_width(layout, (int)((p->w - 2 * p->margin) * PANGO_SCALE));
    pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
    pango_layout_set_line_spacing(layout, 1.2f); /* as the sheet's cells */
    pango_layout_set_text(layout, text, -1);
    PangoRectangle r;
    pango_layout_get_extents(layout, NULL, &r);
    double text_h = (double)r.height / PANGO_SCALE;
    cairo_set_source_rgb(p->cr, 0, 0, 0);
    cairo_move_to(p->cr, p->margin, p->h - p->margin - (p->band + text_h) / 2 + 2);
    pango_cairo_show_layout(p->cr, layout);
    g_object_unref(layout);
    cairo_show_page(p->cr);
    p->done++;
    if (p->l && p->l->progress)
        p->l->progress(p->l->progress_ctx, p->done, p->total);
}
