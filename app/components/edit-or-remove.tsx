import { Form } from "react-router";

/** The fold-out "edit" form and the "remove" button under one item of a list the coordinator manages. */
export function EditOrRemove(props: { id: string; editLabel: string; saveLabel: string; removeLabel: string; children: React.ReactNode }) {
  return (
    <details className="mt-2">
      <summary className="link cursor-pointer">{props.editLabel}</summary>
      <Form method="post" className="mt-2 space-y-2">
        <input type="hidden" name="intent" value="edit" />
        <input type="hidden" name="id" value={props.id} />
        {props.children}
        <button type="submit" className="btn-primary">
          {props.saveLabel}
        </button>
      </Form>
      <Form method="post" className="mt-2">
        <input type="hidden" name="intent" value="remove" />
        <input type="hidden" name="id" value={props.id} />
        <button type="submit" className="btn-danger">
          {props.removeLabel}
        </button>
      </Form>
    </details>
  );
}
