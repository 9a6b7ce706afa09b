/** @odoo-module **/
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

/**
 * The onboarding tours' last steps: read the curl request the checklist shows and post it
 * from the browser (its URL path, its headers, its heredoc body), as a partner's developer
 * would run it. The tour fails unless the API accepts it (202).
 */
export function postShownRequest() {
    return [
        {
            content: "The checklist shows a ready-to-run request with the new API key",
            trigger: ".modal .o_field_text[name='curl']:contains('Bearer ihk_')",
        },
        {
            content: "Run the request shown",
            trigger: ".modal .o_field_text[name='curl']",
            async run() {
                const text = this.anchor.textContent;
                const url = text.match(/curl -X POST '?([^'\s]+)/)[1];
                const key = text.match(/Authorization: Bearer ([^'\s]+)/)[1];
                const contentType = text.match(/Content-Type: ([^'\n]+)'/)[1];
                const body = text.split("<<'EOF'\n")[1].split("\nEOF")[0] + "\n";
                const response = await fetch(new URL(url).pathname, {
                    method: "POST",
                    headers: { Authorization: `Bearer ${key}`, "Content-Type": contentType },
                    body,
                });
                if (response.status !== 202) {
                    throw new Error(`The request shown was refused: ${await response.text()}`);
                }
                document.body.classList.add("o_integration_request_accepted");
            },
        },
        {
            content: "The API accepted it",
            trigger: "body.o_integration_request_accepted",
        },
    ];
}
