/**
 * Just enough of a JSON scanner to find where values sit in a document's text, so that an
 * edit can splice one value in and leave every other byte as its author wrote it.
 */
export interface Span {
    start: number;
    end: number;
}

function skipSpace(text: string, i: number): number {
    while (i < text.length && /\s/.test(text[i])) i++;
    return i;
}

function skipString(text: string, i: number): number {
    for (i++; i < text.length; i++) {
        if (text[i] === "\\") i++;
        else if (text[i] === '"') return i + 1;
    }
    throw new Error("unterminated string");
}

/** End (exclusive) of the JSON value starting at `i`. */
function skipValue(text: string, i: number): number {
    if (text[i] === '"') return skipString(text, i);
    if (text[i] !== "{" && text[i] !== "[") {
        while (i < text.length && !/[\s,\]}]/.test(text[i])) i++;
        return i;
    }
    let depth = 0;
    for (; i < text.length; i++) {
        const c = text[i];
        if (c === '"') i = skipString(text, i) - 1;
        else if (c === "{" || c === "[") depth++;
        else if (c === "}" || c === "]") {
            if (--depth === 0) return i + 1;
        }
    }
    throw new Error("unbalanced brackets");
}

/** Spans of the members of the container (object or array) whose opening bracket is at `open`. */
function members(text: string, open: number): { key?: string; value: Span }[] {
    const isObject = text[open] === "{";
    const out: { key?: string; value: Span }[] = [];
    let i = skipSpace(text, open + 1);
    while (text[i] !== (isObject ? "}" : "]")) {
        let key: string | undefined;
        if (isObject) {
            const keyEnd = skipString(text, i);
            key = JSON.parse(text.slice(i, keyEnd)) as string;
            i = skipSpace(text, skipSpace(text, keyEnd) + 1); // past ':'
        }
        const end = skipValue(text, i);
        out.push({ key, value: { start: i, end } });
        i = skipSpace(text, end);
        if (text[i] === ",") i = skipSpace(text, i + 1);
    }
    return out;
}

/** The span of a top-level member's value in an object document, if present. */
export function topLevelMember(text: string, key: string): Span | undefined {
    return members(text, skipSpace(text, 0)).find((m) => m.key === key)?.value;
}

/** Spans of an array's elements, given the span of the array. */
export function arrayElements(text: string, array: Span): Span[] {
    return members(text, array.start).map((m) => m.value);
}
