"use client";

import "@xyflow/react/dist/style.css";
import {
  Background,
  type Connection,
  Controls,
  type Edge,
  type FinalConnectionState,
  MiniMap,
  Panel,
  ReactFlow,
  type ReactFlowProps,
  ReactFlowProvider,
  SelectionMode,
  useReactFlow,
} from "@xyflow/react";
import { type DragEvent, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import type { TFlowGraph, TFlowNodeType } from "@/lib/flows/graph-schema";
import { isFlowNodeType } from "@/lib/flows/node-types";
import type { TGraphProblem } from "@/lib/flows/validate-graph";
import { layoutNodes } from "./auto-layout";
import { computeProblems, problemsByNode } from "./compute-problems";
import { EditorContext } from "./editor-context";
import { createEditorStore, EditorStoreContext, useEditorState, useEditorStore } from "./editor-store";
import { EditorToolbar, type TEditorFlow } from "./editor-toolbar";
import type { TEditorReferences } from "./editor-types";
import { FlowNode } from "./flow-node";
import { connectionProblem, type TCanvasNode, toFlowGraph } from "./graph-model";
import { Inspector } from "./inspector";
import { NodeCountsProvider, NodeStepsPanel, useNodeCounts } from "./node-counts";
import { NodeSearch, NodeSearchButton } from "./node-search";
import { NODE_DRAG_MIME, Palette } from "./palette";
import { ProblemsPanel } from "./problems-panel";
import { MULTI_SELECT_KEYS, SELECTION_BOX_KEY } from "./shortcuts";
import { ShortcutsPopover } from "./shortcuts-popover";
import { useAutosave } from "./use-autosave";
import { type TNotice, useEditorCommands } from "./use-editor-commands";
import { useEditorShortcuts } from "./use-editor-shortcuts";
import { VersionToolbarActions } from "./version-toolbar-actions";
import { VersionsPanel } from "./versions-panel";

const NODE_TYPES_FOR_CANVAS = { flow: FlowNode };
const GRID: [number, number] = [16, 16];
const LARGE_FLOW_NODES = 60;
const PROBLEMS_PENDING = -1;

/** React Flow with the store's nodes and edges: the only part of the editor that redraws per frame. */
function FlowCanvas(props: Omit<ReactFlowProps<TCanvasNode>, "nodes" | "edges">) {
  const nodes = useEditorState((state) => state.nodes);
  const edges = useEditorState((state) => state.edges);
  return <ReactFlow<TCanvasNode> nodes={nodes} edges={edges} {...props} />;
}
/** Until the first background pass: nothing shown, nothing saved (there is nothing to save yet). */
const NO_PROBLEMS_YET = { isSavable: false, all: [] };

/**
 * True at once, or (for large flows) once the browser is first idle: the minimap draws every node,
 * which is work the first interaction should not wait for.
 */
function useShownWhenIdle(isShownAtOnce: boolean): boolean {
  const [isShown, setShown] = useState(isShownAtOnce);
  useEffect(() => {
    if (isShown) return;
    if (typeof requestIdleCallback !== "function") return setShown(true);
    const handle = requestIdleCallback(() => setShown(true), { timeout: 2000 });
    return () => cancelIdleCallback(handle);
  }, [isShown]);
  return isShown;
}

export type TFlowEditorProps = {
  flow: TEditorFlow & { draftRevision: number; graph: TFlowGraph };
  references: TEditorReferences;
  isReadOnly: boolean;
};

/** The flow builder: palette, canvas, inspector, problems, autosave and publish. */
export function FlowEditor(props: TFlowEditorProps) {
  const [store] = useState(() => createEditorStore(props.flow.graph));
  return (
    <EditorStoreContext.Provider value={store}>
      <NodeCountsProvider flowId={props.flow.id} initiallyPublished={props.flow.liveVersionNumber !== null}>
        <ReactFlowProvider>
          <EditorShell {...props} />
        </ReactFlowProvider>
      </NodeCountsProvider>
    </EditorStoreContext.Provider>
  );
}

function EditorShell({ flow, references, isReadOnly }: TFlowEditorProps) {
  const store = useEditorStore();
  const reactFlow = useReactFlow();
  // The node count, not the nodes: the shell (toolbar, palette, inspector, panels) must not
  // re-render on every frame of a drag; FlowCanvas alone follows the nodes and edges.
  const nodeCount = useEditorState((state) => state.nodes.length);
  const changeCount = useEditorState((state) => state.changeCount);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [notice, setNotice] = useState<TNotice | null>(null);
  const [isSearchOpen, setSearchOpen] = useState(false);
  const [isHelpOpen, setHelpOpen] = useState(false);
  const canvasRef = useRef<HTMLDivElement>(null);
  const [publishProblems, setPublishProblems] = useState<TGraphProblem[] | null>(null);
  const [isHistoryOpen, setHistoryOpen] = useState(false);
  const [liveVersion, setLiveVersion] = useState(flow.liveVersionNumber);
  const countsOnPublish = useNodeCounts()?.markPublished;

  // Problems follow committed changes (changeCount), not every frame of a drag, and are computed
  // in a background render (the canvas is interactive first; a 500-node flow takes tens of ms).
  const problemsFor = useDeferredValue(changeCount, PROBLEMS_PENDING);
  const problems = useMemo(() => {
    if (problemsFor === PROBLEMS_PENDING) return NO_PROBLEMS_YET;
    const { nodes: current, edges: currentEdges, settings } = store.getState();
    return computeProblems(toFlowGraph(current, currentEdges, settings), references);
  }, [problemsFor, references, store]);
  const context = useMemo(
    () => ({ references, problemsByNode: problemsByNode(problems.all), isReadOnly }),
    [references, problems, isReadOnly],
  );
  const autosave = useAutosave({
    store,
    flowId: flow.id,
    initialRevision: flow.draftRevision,
    isSavable: problems.isSavable,
    isReadOnly,
  });

  useEffect(() => {
    if (!refusal) return;
    const timeout = setTimeout(() => setRefusal(null), 4000);
    return () => clearTimeout(timeout);
  }, [refusal]);
  useEffect(() => {
    if (!notice) return;
    const timeout = setTimeout(() => setNotice(null), notice.tone === "error" ? 6000 : 2500);
    return () => clearTimeout(timeout);
  }, [notice]);

  // A fresh edit makes the last publish attempt's list stale.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on every committed change
  useEffect(() => setPublishProblems(null), [changeCount]);

  /** Selects the node (the inspector then shows it) and centres the canvas on it. */
  const focusNode = useCallback(
    (nodeId: string) => {
      store.select(nodeId);
      const node = reactFlow.getInternalNode(nodeId);
      if (!node) return;
      const { width = 240, height = 72 } = node.measured;
      const { x, y } = node.internals.positionAbsolute;
      void reactFlow.setCenter(x + width / 2, y + height / 2, {
        zoom: Math.max(reactFlow.getZoom(), 0.8),
        duration: 300,
      });
    },
    [store, reactFlow],
  );

  const addNodeAt = useCallback(
    (type: TFlowNodeType, position?: { x: number; y: number }) => {
      const current = store.getState().nodes;
      const lowest = current.reduce<TCanvasNode | null>(
        (low, node) => (low === null || node.position.y > low.position.y ? node : low),
        null,
      );
      const id = store.addNode(
        type,
        position ?? { x: lowest?.position.x ?? 0, y: lowest ? lowest.position.y + 144 : 0 },
      );
      if (!position)
        requestAnimationFrame(() => void reactFlow.fitView({ nodes: [{ id }], duration: 300, maxZoom: 1 }));
    },
    [store, reactFlow],
  );

  const onDrop = useCallback(
    (event: DragEvent) => {
      event.preventDefault();
      const type = event.dataTransfer.getData(NODE_DRAG_MIME);
      if (isReadOnly || !isFlowNodeType(type)) return;
      const point = reactFlow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      // Centre the node's top edge on the pointer (a node is 240 px wide), on the grid.
      addNodeAt(type, {
        x: Math.round((point.x - 120) / GRID[0]) * GRID[0],
        y: Math.round(point.y / GRID[1]) * GRID[1],
      });
    },
    [reactFlow, addNodeAt, isReadOnly],
  );

  const isValidConnection = useCallback(
    (connection: Connection | Edge) =>
      connectionProblem(connection, store.getState().nodes, store.getState().edges) === null,
    [store],
  );
  const onConnect = useCallback((connection: Connection) => setRefusal(store.connect(connection)), [store]);
  const onConnectEnd = useCallback(
    (_event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid !== false || !state.fromNode || !state.toNode) return;
      const fromSource = state.fromHandle?.type !== "target";
      const connection = fromSource
        ? { source: state.fromNode.id, sourceHandle: state.fromHandle?.id ?? null, target: state.toNode.id }
        : { source: state.toNode.id, sourceHandle: state.toHandle?.id ?? null, target: state.fromNode.id };
      setRefusal(connectionProblem(connection, store.getState().nodes, store.getState().edges));
    },
    [store],
  );

  const autoLayout = useCallback(async () => {
    const { nodes: current, edges: currentEdges } = store.getState();
    store.setPositions(await layoutNodes(current, currentEdges));
    requestAnimationFrame(() => void reactFlow.fitView({ duration: 300, maxZoom: 1 }));
  }, [store, reactFlow]);

  const commands = useEditorCommands({
    flowId: flow.id,
    canvasRef,
    notify: setNotice,
    onAutoLayout: () => void autoLayout(),
    onToggleSearch: () => setSearchOpen((open) => !open),
    onToggleHelp: () => setHelpOpen((open) => !open),
    onEscape: () => setHelpOpen(false),
  });
  useEditorShortcuts({ commands, isReadOnly, isSuspended: isSearchOpen });

  const [opensLarge] = useState(() => store.getState().nodes.length > LARGE_FLOW_NODES);
  const isMiniMapShown = useShownWhenIdle(!opensLarge);
  const showTopOfFlow = useCallback(
    (instance: { setViewport: (viewport: { x: number; y: number; zoom: number }) => unknown }) => {
      const top = store
        .getState()
        .nodes.reduce<TCanvasNode | null>(
          (high, node) => (high === null || node.position.y < high.position.y ? node : high),
          null,
        );
      if (!top) return;
      const width = canvasRef.current?.clientWidth ?? 800;
      const zoom = 0.8;
      void instance.setViewport({
        x: width / 2 - (top.position.x + 120) * zoom,
        y: 48 - top.position.y * zoom,
        zoom,
      });
    },
    [store],
  );
  const shownProblems = publishProblems ?? problems.all;
  return (
    <EditorContext.Provider value={context}>
      <div className="flex h-[calc(100dvh-3rem)] flex-col md:h-dvh" data-testid="flow-editor">
        <EditorToolbar
          flow={flow}
          saveState={autosave.state}
          onOverwrite={() => void autosave.overwrite()}
          saveNow={autosave.saveNow}
          onPublishProblems={setPublishProblems}
          onAutoLayout={() => void autoLayout()}
          onToggleShortcuts={() => setHelpOpen((open) => !open)}
          isReadOnly={isReadOnly}
          onPublished={(number) => {
            setLiveVersion(number);
            countsOnPublish?.();
          }}
          extraActions={<VersionToolbarActions flowId={flow.id} onOpenHistory={() => setHistoryOpen(true)} />}
        />
        <div className="flex min-h-0 flex-1">
          <Palette onAdd={(type) => addNodeAt(type)} disabled={isReadOnly} />
          <div ref={canvasRef} className="relative min-w-0 flex-1" data-testid="flow-canvas">
            <FlowCanvas
              nodeTypes={NODE_TYPES_FOR_CANVAS}
              onNodesChange={store.onNodesChange}
              onEdgesChange={store.onEdgesChange}
              onConnect={onConnect}
              onDragOver={onDragOver}
              onDrop={onDrop}
              onConnectEnd={onConnectEnd}
              isValidConnection={isValidConnection}
              // Delete, select-all and the rest come from the shortcut table (one undo step each).
              deleteKeyCode={null}
              selectionKeyCode={SELECTION_BOX_KEY}
              multiSelectionKeyCode={MULTI_SELECT_KEYS}
              selectionMode={SelectionMode.Partial}
              nodesDraggable={!isReadOnly}
              nodesConnectable={!isReadOnly}
              snapToGrid
              snapGrid={GRID}
              fitView={!opensLarge}
              fitViewOptions={{ maxZoom: 1 }}
              onInit={opensLarge ? showTopOfFlow : undefined}
              onlyRenderVisibleElements={nodeCount > LARGE_FLOW_NODES}
              minZoom={0.1}
              proOptions={{ hideAttribution: true }}
            >
              <Background gap={GRID[0]} />
              <Controls showInteractive={false} position="top-left" />
              {isMiniMapShown ? <MiniMap pannable zoomable className="!hidden md:!block" /> : null}
              <Panel position="top-right">
                <NodeSearchButton onOpen={() => setSearchOpen(true)} />
              </Panel>
            </FlowCanvas>
            {nodeCount === 0 ? (
              <p className="pointer-events-none absolute inset-x-0 top-1/3 text-center text-sm text-zinc-500">
                Drag a trigger from the palette onto the canvas, or press it to add it.
              </p>
            ) : null}
            {refusal ? (
              <p
                role="alert"
                data-testid="connection-refusal"
                className="absolute top-3 left-1/2 z-10 -translate-x-1/2 rounded-md border border-red-200 bg-red-50 px-3 py-1.5 text-[13px] text-red-700 shadow-sm"
              >
                {refusal}
              </p>
            ) : null}
            {notice ? (
              <p
                role={notice.tone === "error" ? "alert" : "status"}
                data-testid="editor-notice"
                data-tone={notice.tone}
                className={
                  notice.tone === "error"
                    ? "absolute top-12 left-1/2 z-10 max-w-lg -translate-x-1/2 rounded-md border border-red-200 bg-red-50 px-3 py-1.5 text-[13px] text-red-700 shadow-sm"
                    : "absolute top-12 left-1/2 z-10 -translate-x-1/2 rounded-md border border-zinc-200 bg-zinc-900 px-3 py-1.5 text-[13px] text-white shadow-sm"
                }
              >
                {notice.text}
              </p>
            ) : null}
            {isHelpOpen ? (
              <ShortcutsPopover onClose={() => setHelpOpen(false)} isReadOnly={isReadOnly} />
            ) : null}
            <ProblemsPanel
              problems={shownProblems}
              title={publishProblems ? "Publishing refused" : "Problems"}
              onFocusNode={focusNode}
            />
            <NodeStepsPanel flowId={flow.id} />
            <VersionsPanel
              flowId={flow.id}
              isOpen={isHistoryOpen}
              onClose={() => setHistoryOpen(false)}
              saveNow={autosave.saveNow}
              isReadOnly={isReadOnly}
              reloadKey={liveVersion ?? 0}
            />
          </div>
          <Inspector />
        </div>
        <NodeSearch open={isSearchOpen} onClose={() => setSearchOpen(false)} onFocusNode={focusNode} />
      </div>
    </EditorContext.Provider>
  );
}

function onDragOver(event: DragEvent) {
  event.preventDefault();
  event.dataTransfer.dropEffect = "move";
}
