"use client";

import { PopoverItem } from "@/components/ui/popover";

/** Rename, Duplicate and Delete… in a row's menu (a code function's, a flow's); each closes the menu. */
export function RenameDuplicateDeleteItems({
  closeMenu,
  onRename,
  onDuplicate,
  onDelete,
  isDuplicateDisabled,
}: {
  closeMenu: () => void;
  onRename: () => void;
  onDuplicate: () => void;
  onDelete: () => void;
  isDuplicateDisabled?: boolean;
}) {
  return (
    <>
      <PopoverItem
        onClick={() => {
          closeMenu();
          onRename();
        }}
      >
        Rename
      </PopoverItem>
      <PopoverItem
        disabled={isDuplicateDisabled}
        onClick={() => {
          closeMenu();
          onDuplicate();
        }}
      >
        Duplicate
      </PopoverItem>
      <PopoverItem
        onClick={() => {
          closeMenu();
          onDelete();
        }}
        className="text-red-700"
      >
        Delete…
      </PopoverItem>
    </>
  );
}
