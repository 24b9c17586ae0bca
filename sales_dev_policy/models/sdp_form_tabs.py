"""Where on a form a user finds a field: the tab (notebook page) that holds it, labelled as the
form shows it to that user. A message asking for something to be filled names the tab the user
sees, in the user's language, rather than a tab name written into the message that the view
and its translation could contradict. Shared by all features."""

from lxml import etree


def form_tabs(env, model_name, view_xmlid):
    """The tabs of the form view ``view_xmlid`` of ``model_name`` (with the views inheriting
    it) as ``env``'s user sees it, in ``env``'s language: ``(by_page, by_field)``,
    ``{page name: label}`` and ``{field name: label of the tab holding it}``.

    Pages the user may not see (their ``groups``) are not in the user's view, so not in the
    result; fields of embedded lists and forms belong to other records and are left out.
    """
    model = env[model_name]
    view_id = env["ir.model.data"]._xmlid_to_res_id(view_xmlid, raise_if_not_found=False)
    if not view_id or not model.has_access("read"):
        return {}, {}
    # get_view is cached per language and groups; the arch is parsed here only.
    arch = etree.fromstring(model.get_view(view_id, "form")["arch"])
    by_page, by_field = {}, {}

    def walk(node, tab):
        for child in node:
            if child.tag == "field":
                if tab:
                    by_field.setdefault(child.get("name"), tab)
                continue  # its sub-views describe the records of the field
            if child.tag == "page":
                label = child.get("string")
                if label and child.get("name"):
                    by_page.setdefault(child.get("name"), label)
                walk(child, label or tab)
            else:
                walk(child, tab)

    walk(arch, None)
    return by_page, by_field
